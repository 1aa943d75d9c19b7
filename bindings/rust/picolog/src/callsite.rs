//! Per-thread caches that let a `log` or `tracing` call skip the work that
//! depends only on its callsite: the target -> logger translation (`a::b` ->
//! logger `a.b`), and for `log` records the NUL-terminated copies of the
//! static file and module path that C needs, next to the buffer the
//! record's message is formatted into (one thread-local borrow per record).
//!
//! Both are direct-mapped tables indexed by the address of a string of the
//! callsite: a macro's target, file and module path are literals, so one
//! callsite hits the same slot every time and a hit costs a few compares,
//! not a hash of the text.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::os::raw::c_char;
use std::ptr;

use picolog_sys as sys;

use crate::logger::{get_logger, Logger};

/// Slots per table; a process with more hot callsites than this falls back
/// to the hash map (targets) or to copying (static strings) on collisions.
const SLOTS: usize = 64;

/// The slot of a string at this address: literals are at least byte
/// aligned and usually far apart, so the low bits past the first few spread.
fn slot_of(text: &str) -> usize {
    let at = text.as_ptr() as usize;
    ((at >> 3) ^ (at >> 9) ^ text.len()) % SLOTS
}

/// FNV-1a: target names are short, and SipHash would cost more than the
/// rest of the lookup.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = self.0;
        for &b in bytes {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// One thread's target -> logger translations. Loggers never die, so
/// neither needs invalidation.
#[derive(Default)]
struct Targets {
    /// The last target seen at each slot, with its logger. The text is kept
    /// so that a hit is checked by content: a target need not be a literal,
    /// and another string may later occupy the same address.
    slots: Vec<Option<(Box<str>, Logger)>>,
    /// Every target this thread has resolved, for slot collisions.
    all: HashMap<Box<str>, Logger, BuildHasherDefault<Fnv>>,
}

impl Targets {
    fn get(&mut self, target: &str) -> Option<Logger> {
        if self.slots.is_empty() {
            self.slots.resize(SLOTS, None);
        }
        let slot = &mut self.slots[slot_of(target)];
        if let Some((text, logger)) = slot {
            if **text == *target {
                return Some(*logger);
            }
        }
        let logger = match self.all.get(target) {
            Some(&logger) => logger,
            None => {
                let logger = lookup(target)?;
                self.all.insert(target.into(), logger);
                logger
            }
        };
        *slot = Some((target.into(), logger));
        Some(logger)
    }
}

/// Whether two optional static strings are the same string: a
/// `&'static str` never changes and is never freed, so its address and
/// length identify its text.
fn same_static(a: Option<&'static str>, b: Option<&'static str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.as_ptr() == b.as_ptr() && a.len() == b.len(),
        (None, None) => true,
        _ => false,
    }
}

/// Where a `log` record comes from: its target, static file and module
/// path, and line.
#[derive(Clone, Copy)]
pub(crate) struct Site<'a> {
    pub(crate) target: &'a str,
    pub(crate) file: Option<&'static str>,
    pub(crate) module: Option<&'static str>,
    pub(crate) line: u32,
}

/// A resolved callsite: its logger and the C view of its location, ready
/// to pass with each record.
struct Resolved {
    target: Box<str>,
    file: Option<&'static str>,
    module: Option<&'static str>,
    line: u32,
    logger: Logger,
    /// The NUL-terminated file and module path that `info` points into; a
    /// box's contents stay put when the box moves.
    _texts: Box<[u8]>,
    info: sys::picolog_record_info,
}

impl Resolved {
    fn new(site: Site<'_>, logger: Logger) -> Resolved {
        let mut texts = Vec::new();
        let mut push = |text: Option<&str>| {
            text.map(|t| {
                let at = texts.len();
                texts.extend_from_slice(t.as_bytes());
                texts.push(0);
                at
            })
        };
        let (file_at, module_at) = (push(site.file), push(site.module));
        let texts = texts.into_boxed_slice();
        let at = |offset: Option<usize>| {
            offset.map_or(ptr::null(), |o| texts[o..].as_ptr().cast::<c_char>())
        };
        let info = sys::picolog_record_info {
            version: sys::PICOLOG_RECORD_INFO_VERSION as u32,
            file: at(file_at),
            line: i32::try_from(site.line).unwrap_or(i32::MAX),
            func: at(module_at),
            exc_text: ptr::null(),
            stack_text: ptr::null(),
            fields: ptr::null(),
            field_count: 0,
            thread_name: ptr::null(),
            thread_id: 0,
            created_ns: 0,
        };
        Resolved {
            target: site.target.into(),
            file: site.file,
            module: site.module,
            line: site.line,
            logger,
            _texts: texts,
            info,
        }
    }

    fn is(&self, site: &Site<'_>) -> bool {
        // A macro's target is a literal: the same address as the copy is
        // the common case and skips nothing but the compare of equal text.
        let target = &*self.target;
        self.line == site.line
            && same_static(self.file, site.file)
            && same_static(self.module, site.module)
            && target.len() == site.target.len()
            && (target.as_ptr() == site.target.as_ptr() || *target == *site.target)
    }
}

/// One thread's resolved callsites, by the address of their file and line,
/// and the buffer their records' messages are formatted into.
#[derive(Default)]
struct Sites {
    slots: Vec<Option<Resolved>>,
    message: String,
}

impl Sites {
    fn get(&mut self, site: Site<'_>) -> Option<(&Resolved, &mut String)> {
        if self.slots.is_empty() {
            self.slots.resize_with(SLOTS, || None);
        }
        let at = site.file.map_or(0, |f| f.as_ptr() as usize);
        let index = ((at >> 3) ^ (site.line as usize).wrapping_mul(0x9e37)) % SLOTS;
        let slot = &mut self.slots[index];
        match slot {
            Some(resolved) if resolved.is(&site) => {}
            _ => *slot = Some(Resolved::new(site, logger_for(site.target)?)),
        }
        Some((slot.as_ref()?, &mut self.message))
    }
}

thread_local! {
    static TARGETS: RefCell<Targets> = RefCell::new(Targets::default());
    static SITES: RefCell<Sites> = RefCell::new(Sites::default());
}

/// The logger a target names: `::` read as `.`, anything else as it is.
fn lookup(target: &str) -> Option<Logger> {
    if target.contains("::") {
        get_logger(&target.replace("::", ".")).ok()
    } else {
        get_logger(target).ok()
    }
}

/// The logger for a `log` or `tracing` target, from this thread's cache
/// when it can (not while the thread is exiting or re-entered from inside
/// a lookup, when it asks the runtime).
pub(crate) fn logger_for(target: &str) -> Option<Logger> {
    TARGETS
        .try_with(|cache| match cache.try_borrow_mut() {
            Ok(mut cache) => cache.get(target),
            Err(_) => lookup(target),
        })
        .unwrap_or_else(|_| lookup(target))
}

/// Calls `body` with the logger and C location of a `log` callsite, from
/// this thread's cache (resolved on first use), and this thread's message
/// buffer: the record of a hot callsite copies no location text, hashes
/// nothing and allocates nothing once the buffer has grown. None when the
/// target names no logger or the cache is not available (thread exit, a log
/// call re-entered from a handler), and the caller takes the general path.
pub(crate) fn with_site<R>(
    site: Site<'_>,
    body: impl FnOnce(Logger, &sys::picolog_record_info, &mut String) -> R,
) -> Option<R> {
    SITES
        .try_with(|sites| {
            // The borrow stays held during body, so that a nested call
            // cannot replace the entry body is using, nor its message.
            let mut sites = sites.try_borrow_mut().ok()?;
            let (resolved, message) = sites.get(site)?;
            Some(body(resolved.logger, &resolved.info, message))
        })
        .ok()
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn fnv_hashes_differ_for_different_targets() {
        let hash = |s: &str| {
            let mut h = Fnv::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_ne!(hash("app.db"), hash("app.dc"));
        assert_eq!(hash("app"), hash("app"));
    }

    #[test]
    fn a_reused_address_with_new_text_is_not_a_hit() {
        let mut targets = Targets::default();
        let mut text = String::from("cs.first");
        let first = targets.get(&text).unwrap();
        // Same address and length, other text: the slot must not answer.
        text.replace_range(.., "cs.other");
        let other = targets.get(&text).unwrap();
        assert_ne!(first.as_ptr(), other.as_ptr());
        assert_eq!(other.name(), "cs.other");
        assert_eq!(targets.get("cs::first").unwrap().name(), "cs.first");
    }

    #[test]
    fn a_site_resolves_its_logger_and_nul_terminated_location() {
        static FILE: &str = "src/site.rs";
        static MODULE: &str = "site::inner";
        let site = Site {
            target: "cs::site",
            file: Some(FILE),
            module: Some(MODULE),
            line: 12,
        };
        let seen = with_site(site, |logger, info, _| {
            // SAFETY: the info's strings are the entry's NUL-terminated copies.
            let text = |p| unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned();
            (
                logger.name().into_owned(),
                text(info.file),
                text(info.func),
                info.line,
            )
        });
        assert_eq!(
            seen,
            Some(("cs.site".into(), FILE.into(), MODULE.into(), 12))
        );
        // Another line of the same file is another site.
        let other = Site {
            line: 13,
            target: "cs::other",
            ..site
        };
        let name = with_site(other, |logger, _, _| logger.name().into_owned());
        assert_eq!(name.as_deref(), Some("cs.other"));
    }
}
