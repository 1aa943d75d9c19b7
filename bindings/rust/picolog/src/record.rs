//! RecordView: a read-only view of a record inside a handler or filter
//! callback, borrowed for the duration of that callback.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::mem;
use std::slice;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use picolog_sys as sys;

use crate::ffi::text;
use crate::level::Level;

/// One record as a handler or filter closure sees it. Every accessor
/// borrows from the record, valid only during the callback.
pub struct RecordView<'a> {
    raw: sys::picolog_record_view,
    record: *const sys::picolog_record,
    _borrow: PhantomData<&'a sys::picolog_record>,
}

fn non_empty(text: Cow<'_, str>) -> Option<Cow<'_, str>> {
    if text.is_empty() {
        None
    } else {
        Some(text)
    }
}

impl<'a> RecordView<'a> {
    /// The view of a record received in a callback; None if the runtime
    /// refuses to describe it.
    ///
    /// # Safety
    /// `record` is the record passed to the running callback, and `'a` does
    /// not outlive that callback.
    pub(crate) unsafe fn from_raw(record: *const sys::picolog_record) -> Option<RecordView<'a>> {
        // SAFETY: the view is plain pointers and integers, for which zero is
        // a valid value; picolog_record_get fills it in.
        let mut raw: sys::picolog_record_view = mem::zeroed();
        let status =
            sys::picolog_record_get(record, &mut raw, mem::size_of::<sys::picolog_record_view>());
        (status >= 0).then_some(RecordView {
            raw,
            record,
            _borrow: PhantomData,
        })
    }

    /// The C record, for [`Handler::handle`](crate::Handler::handle) or
    /// `picolog_sys` calls made during the callback.
    pub fn as_ptr(&self) -> *const sys::picolog_record {
        self.record
    }

    /// The record's level.
    pub fn level(&self) -> Level {
        Level::from_raw(self.raw.level)
    }

    /// The level's name ("INFO", a custom name).
    pub fn level_name(&self) -> Cow<'a, str> {
        // SAFETY (every text accessor): the runtime keeps the view's strings
        // valid for the whole callback, which 'a does not outlive.
        unsafe { text(self.raw.level_name) }
    }

    /// The full name of the logger that made the record.
    pub fn logger_name(&self) -> Cow<'a, str> {
        unsafe { text(self.raw.logger_name) }
    }

    /// The message as given, any bytes.
    pub fn message_bytes(&self) -> &'a [u8] {
        if self.raw.message.is_null() || self.raw.message_len == 0 {
            return &[];
        }
        // SAFETY: the runtime gives message_len readable bytes at message.
        unsafe { slice::from_raw_parts(self.raw.message.cast(), self.raw.message_len) }
    }

    /// The message as text; invalid UTF-8 is replaced.
    pub fn message(&self) -> Cow<'a, str> {
        String::from_utf8_lossy(self.message_bytes())
    }

    /// Wall-clock creation time.
    pub fn created(&self) -> SystemTime {
        let ns = self.raw.created_ns;
        if ns >= 0 {
            UNIX_EPOCH + Duration::from_nanos(ns as u64)
        } else {
            UNIX_EPOCH - Duration::from_nanos(ns.unsigned_abs())
        }
    }

    /// The id of the thread that logged.
    pub fn thread_id(&self) -> u64 {
        self.raw.thread_id
    }

    /// The name of the thread that logged.
    pub fn thread_name(&self) -> Cow<'a, str> {
        unsafe { text(self.raw.thread_name) }
    }

    /// The id of the process that logged.
    pub fn process_id(&self) -> i64 {
        self.raw.process_id
    }

    /// The source file, if the log call gave one.
    pub fn file(&self) -> Option<Cow<'a, str>> {
        non_empty(unsafe { text(self.raw.file) })
    }

    /// The source line, 0 when not given.
    pub fn line(&self) -> u32 {
        u32::try_from(self.raw.line).unwrap_or(0)
    }

    /// The function (the module path for records from Rust), if given.
    pub fn func(&self) -> Option<Cow<'a, str>> {
        non_empty(unsafe { text(self.raw.func) })
    }

    /// The formatted exception, if any.
    pub fn exc_text(&self) -> Option<Cow<'a, str>> {
        non_empty(unsafe { text(self.raw.exc_text) })
    }

    /// The formatted stack, if any.
    pub fn stack_text(&self) -> Option<Cow<'a, str>> {
        non_empty(unsafe { text(self.raw.stack_text) })
    }

    /// The structured fields, in the order they were given.
    pub fn fields(&self) -> impl Iterator<Item = (Cow<'a, str>, Cow<'a, str>)> + 'a {
        let raw: &'a [sys::picolog_field] = if self.raw.fields.is_null() {
            &[]
        } else {
            // SAFETY: the runtime gives field_count fields at fields.
            unsafe { slice::from_raw_parts(self.raw.fields, self.raw.field_count) }
        };
        raw.iter().map(|f| unsafe { (text(f.key), text(f.value)) })
    }

    /// The value of the first field named `key`.
    pub fn field(&self, key: &str) -> Option<Cow<'a, str>> {
        self.fields().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

impl fmt::Debug for RecordView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordView")
            .field("level", &self.level())
            .field("logger", &self.logger_name())
            .field("message", &self.message())
            .finish_non_exhaustive()
    }
}
