//! Filter: decides whether a record goes on; by logger name, by level range,
//! or by a Rust closure.

use std::os::raw::{c_int, c_void};
use std::ptr::{self, NonNull};

use picolog_sys as sys;

use crate::error::{check, Error, ErrorKind, Result};
use crate::ffi::{c_string, drop_boxed, guard};
use crate::level::Level;
use crate::record::RecordView;

/// An immutable filter; attach it to loggers or handlers, which take their
/// own reference.
///
/// ```
/// use picolog::{Filter, Level};
/// let only_db = Filter::name("app.db").unwrap();
/// let warnings = Filter::level_range(Level::WARNING, Level::WARNING).unwrap();
/// let no_secrets = Filter::from_fn(|r| !r.message().contains("password")).unwrap();
/// picolog::get_logger("doc.filter").unwrap().add_filter(&no_secrets).unwrap();
/// ```
pub struct Filter {
    raw: NonNull<sys::picolog_filter>,
}

// SAFETY: filters are immutable and called from any thread; closures must be
// Send + Sync to become one.
unsafe impl Send for Filter {}
unsafe impl Sync for Filter {}

impl Filter {
    /// Python's `logging.Filter(name)`: passes records of logger `name` and
    /// its descendants ("a.b" passes "a.b" and "a.b.c", not "a.bc"); ""
    /// passes everything.
    pub fn name(name: &str) -> Result<Filter> {
        let name = c_string("filter name", name)?;
        let mut out = ptr::null_mut();
        // SAFETY: name is a valid C string and out a valid out pointer.
        check(unsafe { sys::picolog_name_filter_new(&mut out, name.as_ptr()) })?;
        Filter::owned(out)
    }

    /// Passes records with `min <= level <= max`.
    pub fn level_range(min: Level, max: Level) -> Result<Filter> {
        let mut out = ptr::null_mut();
        // SAFETY: out is a valid out pointer.
        check(unsafe { sys::picolog_level_filter_new(&mut out, min.value(), max.value()) })?;
        Filter::owned(out)
    }

    /// A filter that keeps a record when `keep` returns true. It runs on the
    /// logging thread, possibly many at once. A panic inside it drops the
    /// record (the panic hook reports it as usual); it never reaches C.
    pub fn from_fn<F>(keep: F) -> Result<Filter>
    where
        F: Fn(&RecordView<'_>) -> bool + Send + Sync + 'static,
    {
        let userdata = Box::into_raw(Box::new(keep)).cast::<c_void>();
        let mut out = ptr::null_mut();
        // SAFETY: the trampoline and destroy callback match F; userdata is a
        // leaked Box<F> that the runtime frees through drop_boxed::<F>.
        let status = unsafe {
            sys::picolog_callback_filter_new(
                &mut out,
                Some(keep_record::<F>),
                Some(drop_boxed::<F>),
                userdata,
            )
        };
        if status < 0 {
            // SAFETY: the runtime did not take the userdata.
            drop(unsafe { Box::from_raw(userdata.cast::<F>()) });
        }
        check(status)?;
        Filter::owned(out)
    }

    fn owned(raw: *mut sys::picolog_filter) -> Result<Filter> {
        NonNull::new(raw)
            .map(|raw| Filter { raw })
            .ok_or_else(|| Error::new(ErrorKind::Internal, "the runtime gave no filter"))
    }

    /// The C handle, borrowed.
    pub fn as_ptr(&self) -> *mut sys::picolog_filter {
        self.raw.as_ptr()
    }
}

unsafe extern "C" fn keep_record<F>(
    record: *const sys::picolog_record,
    userdata: *mut c_void,
) -> c_int
where
    F: Fn(&RecordView<'_>) -> bool,
{
    guard(0, || {
        // SAFETY: userdata is the Box<F> given at creation, alive until
        // destroy; record is live during this call.
        let keep = unsafe { &*userdata.cast::<F>() };
        match unsafe { RecordView::from_raw(record) } {
            Some(view) => c_int::from(keep(&view)),
            None => 0,
        }
    })
}

impl Drop for Filter {
    fn drop(&mut self) {
        // SAFETY: self holds one reference.
        unsafe { sys::picolog_filter_release(self.as_ptr()) }
    }
}

impl std::fmt::Debug for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Filter").finish_non_exhaustive()
    }
}
