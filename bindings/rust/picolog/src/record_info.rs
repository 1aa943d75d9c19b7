//! RecordInfo: what a log call may say besides level and message (source
//! location, exception text, structured fields, overrides), laid out once in
//! one buffer so that handing it to C needs no further allocation.

use std::fmt::{self, Write as _};
use std::mem::MaybeUninit;
use std::os::raw::c_char;
use std::ptr;
use std::time::{SystemTime, UNIX_EPOCH};

use picolog_sys as sys;

use crate::error::{Error, ErrorKind, Result};

/// Fields beyond this many are passed through a heap array; up to it, the
/// C array lives on the stack.
const INLINE_FIELDS: usize = 16;

/// Source location, exception and stack text, structured fields and
/// overrides of one log call; see [`Logger::log_with`](crate::Logger::log_with).
///
/// Unset parts are filled in by the runtime (time, thread, process). Strings
/// are copied in. A NUL byte inside a field key or value is written as `\0`;
/// one inside any other string makes the log call fail with
/// [`ErrorKind::InvalidArgument`].
///
/// ```
/// use picolog::{Level, RecordInfo};
/// let info = RecordInfo::new()
///     .file(file!())
///     .line(line!())
///     .func(module_path!())
///     .field("user", "ada")
///     .field("attempt", 3);
/// picolog::get_logger("doc.record_info").unwrap()
///     .log_with(Level::ERROR, "login failed", &info)
///     .unwrap();
/// ```
#[derive(Clone, Debug, Default)]
pub struct RecordInfo {
    /// Every string, each followed by a NUL; the members below are offsets.
    text: Vec<u8>,
    file: Option<usize>,
    func: Option<usize>,
    exc_text: Option<usize>,
    stack_text: Option<usize>,
    thread_name: Option<usize>,
    fields: Vec<(usize, usize)>,
    line: i32,
    thread_id: u64,
    created_ns: i64,
    /// The first argument that held a NUL byte.
    invalid: Option<&'static str>,
}

/// Appends Display output to the text buffer; a NUL inside a value is
/// written as the two characters `\0` so that it cannot cut the C string.
struct NulEscaping<'a>(&'a mut Vec<u8>);

impl fmt::Write for NulEscaping<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for part in s.split('\0').enumerate() {
            if part.0 > 0 {
                self.0.extend_from_slice(b"\\0");
            }
            self.0.extend_from_slice(part.1.as_bytes());
        }
        Ok(())
    }
}

impl RecordInfo {
    /// Nothing given: the runtime fills in what it can.
    pub fn new() -> RecordInfo {
        RecordInfo::default()
    }

    /// The source file (`%(pathname)s`, `%(filename)s`).
    pub fn file(mut self, file: &str) -> Self {
        self.file = Some(self.push_text("file", file));
        self
    }

    /// The source line (`%(lineno)d`).
    pub fn line(mut self, line: u32) -> Self {
        self.line = i32::try_from(line).unwrap_or(i32::MAX);
        self
    }

    /// The function, or in Rust the module path (`%(funcName)s`).
    pub fn func(mut self, func: &str) -> Self {
        self.func = Some(self.push_text("func", func));
        self
    }

    /// A formatted exception, written after the message.
    pub fn exc_text(mut self, text: &str) -> Self {
        self.exc_text = Some(self.push_text("exc_text", text));
        self
    }

    /// A formatted stack, written after the exception text.
    pub fn stack_text(mut self, text: &str) -> Self {
        self.stack_text = Some(self.push_text("stack_text", text));
        self
    }

    /// A structured field, its value written with Display; formatters can
    /// also name it as `%(key)s`.
    pub fn field(mut self, key: &str, value: impl fmt::Display) -> Self {
        self.push_field(key, &value);
        self
    }

    /// Overrides the thread name of the record (`%(threadName)s`).
    pub fn thread_name(mut self, name: &str) -> Self {
        self.thread_name = Some(self.push_text("thread_name", name));
        self
    }

    /// Overrides the thread id of the record (`%(thread)d`); 0 means the
    /// calling thread's.
    pub fn thread_id(mut self, id: u64) -> Self {
        self.thread_id = id;
        self
    }

    /// Overrides the creation time of the record.
    pub fn created(mut self, time: SystemTime) -> Self {
        self.created_ns = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_nanos()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_nanos()).unwrap_or(i64::MAX),
        };
        self
    }

    /// Forgets everything while keeping the allocated buffers for reuse.
    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.fields.clear();
        self.file = None;
        self.func = None;
        self.exc_text = None;
        self.stack_text = None;
        self.thread_name = None;
        self.line = 0;
        self.thread_id = 0;
        self.created_ns = 0;
        self.invalid = None;
    }

    /// The `log` backend's location: source paths and module paths from
    /// the compiler, so not searched for NUL bytes on every call (one would
    /// only cut the string short for C).
    pub(crate) fn set_location(
        &mut self,
        file: Option<&str>,
        line: Option<u32>,
        module: Option<&str>,
    ) {
        self.file = file.map(|file| self.push_unchecked(file));
        self.line = line.map_or(0, |l| i32::try_from(l).unwrap_or(i32::MAX));
        self.func = module.map(|module| self.push_unchecked(module));
    }

    /// Adds a field whose value is written through Display straight into
    /// the buffer (no intermediate String).
    pub(crate) fn push_field(&mut self, key: &str, value: &dyn fmt::Display) {
        let key_at = self.text.len();
        // Writing into a Vec cannot fail; a failing Display impl leaves a
        // partial value, as it would anywhere else.
        let _ = NulEscaping(&mut self.text).write_str(key);
        self.text.push(0);
        let value_at = self.text.len();
        let _ = write!(NulEscaping(&mut self.text), "{value}");
        self.text.push(0);
        self.fields.push((key_at, value_at));
    }

    fn push_text(&mut self, what: &'static str, text: &str) -> usize {
        if self.invalid.is_none() && text.as_bytes().contains(&0) {
            self.invalid = Some(what);
        }
        self.push_unchecked(text)
    }

    fn push_unchecked(&mut self, text: &str) -> usize {
        let at = self.text.len();
        self.text.extend_from_slice(text.as_bytes());
        self.text.push(0);
        at
    }

    fn ptr(&self, at: Option<usize>) -> *const c_char {
        at.map_or(ptr::null(), |at| self.text[at..].as_ptr().cast())
    }

    /// Calls `body` with the C view of this info, valid during the call.
    pub(crate) fn with_raw<R>(
        &self,
        body: impl FnOnce(&sys::picolog_record_info) -> R,
    ) -> Result<R> {
        if let Some(what) = self.invalid {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                format!("record {what} contains a NUL byte"),
            ));
        }
        let field = |&(key, value): &(usize, usize)| sys::picolog_field {
            key: self.ptr(Some(key)),
            value: self.ptr(Some(value)),
        };
        // Left uninitialised past the fields written: most records have few.
        let mut inline = [MaybeUninit::<sys::picolog_field>::uninit(); INLINE_FIELDS];
        let heap: Vec<sys::picolog_field>;
        let fields: &[sys::picolog_field] = if self.fields.len() <= INLINE_FIELDS {
            for (slot, f) in inline.iter_mut().zip(&self.fields) {
                slot.write(field(f));
            }
            // SAFETY: the first fields.len() slots were written just above,
            // and MaybeUninit<T> has T's layout.
            unsafe { std::slice::from_raw_parts(inline.as_ptr().cast(), self.fields.len()) }
        } else {
            heap = self.fields.iter().map(field).collect();
            &heap
        };
        let raw = sys::picolog_record_info {
            version: sys::PICOLOG_RECORD_INFO_VERSION as u32,
            file: self.ptr(self.file),
            line: self.line,
            func: self.ptr(self.func),
            exc_text: self.ptr(self.exc_text),
            stack_text: self.ptr(self.stack_text),
            fields: if fields.is_empty() {
                ptr::null()
            } else {
                fields.as_ptr()
            },
            field_count: fields.len(),
            thread_name: self.ptr(self.thread_name),
            thread_id: self.thread_id,
            created_ns: self.created_ns,
        };
        Ok(body(&raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    fn text(ptr: *const c_char) -> String {
        assert!(!ptr.is_null());
        // SAFETY: every pointer with_raw gives is NUL-terminated in the buffer.
        unsafe { CStr::from_ptr(ptr) }.to_str().unwrap().to_owned()
    }

    #[test]
    fn the_c_view_points_at_nul_terminated_copies() {
        let info = RecordInfo::new()
            .file("src/main.rs")
            .line(7)
            .func("app::main")
            .field("user", "ada")
            .thread_id(9);
        info.with_raw(|raw| {
            assert_eq!(raw.version, sys::PICOLOG_RECORD_INFO_VERSION as u32);
            assert_eq!(text(raw.file), "src/main.rs");
            assert_eq!(raw.line, 7);
            assert_eq!(text(raw.func), "app::main");
            assert!(raw.exc_text.is_null() && raw.thread_name.is_null());
            assert_eq!(raw.field_count, 1);
            // SAFETY: field_count fields at fields.
            let field = unsafe { *raw.fields };
            assert_eq!(
                (text(field.key), text(field.value)),
                ("user".to_owned(), "ada".to_owned())
            );
            assert_eq!(raw.thread_id, 9);
        })
        .unwrap();
    }

    #[test]
    fn clearing_keeps_nothing_but_the_buffers() {
        let mut info = RecordInfo::new().file("a\0b").field("k", 1);
        assert!(info.with_raw(|_| ()).is_err());
        info.clear();
        info.set_location(Some("lib.rs"), Some(3), None);
        info.with_raw(|raw| {
            assert_eq!(text(raw.file), "lib.rs");
            assert!(raw.func.is_null() && raw.fields.is_null());
            assert_eq!(raw.field_count, 0);
        })
        .unwrap();
    }

    #[test]
    fn times_before_the_epoch_are_negative() {
        let before = UNIX_EPOCH - std::time::Duration::from_secs(1);
        assert_eq!(RecordInfo::new().created(before).created_ns, -1_000_000_000);
    }
}
