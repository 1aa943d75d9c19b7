//! What the syslog and journald builders share: the level -> severity map
//! and the queue in front of the sender thread, with one set of setters
//! generated into both builders and one translation into the C options.

use picolog_sys as sys;

use crate::error::Result;
use crate::queue::Overflow;

/// The options both sender builders have; `None` and an empty map keep the
/// C library's defaults.
#[derive(Clone, Debug, Default)]
pub(crate) struct SenderCommon {
    pub(crate) severities: Vec<(i32, i32)>,
    pub(crate) default_severity: Option<i32>,
    pub(crate) capacity: Option<usize>,
    pub(crate) overflow: Option<Overflow>,
}

/// The C fields [`SenderCommon`] sets: the same members in
/// `picolog_syslog_options` and `picolog_journald_options`.
pub(crate) struct SenderFields<'a> {
    pub(crate) severities: &'a mut *const sys::picolog_syslog_severity,
    pub(crate) severity_count: &'a mut usize,
    pub(crate) default_severity: &'a mut i32,
    pub(crate) queue: &'a mut sys::picolog_queue_options,
}

impl SenderCommon {
    /// The severity map as the C API takes it; it must outlive the options
    /// that [`SenderCommon::apply`] points at it.
    pub(crate) fn c_severities(&self) -> Vec<sys::picolog_syslog_severity> {
        self.severities
            .iter()
            .map(|&(level, severity)| sys::picolog_syslog_severity { level, severity })
            .collect()
    }

    /// Writes what was set into the C fields; `table` is
    /// [`SenderCommon::c_severities`]'s result.
    pub(crate) fn apply(
        &self,
        table: &[sys::picolog_syslog_severity],
        out: SenderFields<'_>,
    ) -> Result<()> {
        if !table.is_empty() {
            *out.severities = table.as_ptr();
            *out.severity_count = table.len();
        }
        if let Some(severity) = self.default_severity {
            *out.default_severity = severity;
        }
        if let Some(records) = self.capacity {
            out.queue.capacity = records;
        }
        if let Some(overflow) = self.overflow {
            (out.queue.overflow, out.queue.timeout_ms) = overflow.raw()?;
        }
        Ok(())
    }
}

/// The setters of [`SenderCommon`], for a builder with a `common` field.
macro_rules! sender_common_setters {
    () => {
        /// The syslog severity (journald's PRIORITY, 0..=7) of `level`,
        /// overriding Python's map.
        pub fn severity(mut self, level: $crate::Level, severity: i32) -> Self {
            self.common.severities.push((level.value(), severity));
            self
        }
        /// The severity of levels not in the map (default 4, warning).
        pub fn default_severity(mut self, severity: i32) -> Self {
            self.common.default_severity = Some(severity);
            self
        }
        /// The queue's capacity in records per logging thread (default 8192).
        pub fn capacity(mut self, records: usize) -> Self {
            self.common.capacity = Some(records);
            self
        }
        /// What a full queue does (default
        /// [`Overflow::Block`](crate::Overflow::Block)).
        pub fn overflow(mut self, overflow: $crate::Overflow) -> Self {
            self.common.overflow = Some(overflow);
            self
        }
    };
}

pub(crate) use sender_common_setters;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::defaults;
    use std::time::Duration;

    fn journald_defaults() -> sys::picolog_journald_options {
        defaults::options(
            sys::picolog_journald_options_init,
            sys::PICOLOG_JOURNALD_OPTIONS_VERSION,
        )
        .unwrap()
    }

    fn apply(
        common: &SenderCommon,
        table: &[sys::picolog_syslog_severity],
    ) -> sys::picolog_journald_options {
        let mut o = journald_defaults();
        common
            .apply(
                table,
                SenderFields {
                    severities: &mut o.severities,
                    severity_count: &mut o.severity_count,
                    default_severity: &mut o.default_severity,
                    queue: &mut o.queue,
                },
            )
            .unwrap();
        o
    }

    #[test]
    fn nothing_set_keeps_the_librarys_defaults() {
        let (o, d) = (apply(&SenderCommon::default(), &[]), journald_defaults());
        assert_eq!(
            (o.severities, o.severity_count),
            (d.severities, d.severity_count)
        );
        assert_eq!(o.default_severity, d.default_severity);
        assert_eq!(
            (o.queue.capacity, o.queue.overflow, o.queue.timeout_ms),
            (d.queue.capacity, d.queue.overflow, d.queue.timeout_ms)
        );
    }

    #[test]
    fn what_is_set_reaches_the_c_fields() {
        let common = SenderCommon {
            severities: vec![(25, 5), (35, 3)],
            default_severity: Some(6),
            capacity: Some(64),
            overflow: Some(Overflow::BlockTimeout(Duration::from_millis(250))),
        };
        let table = common.c_severities();
        let o = apply(&common, &table);
        assert_eq!((o.severities, o.severity_count), (table.as_ptr(), 2));
        assert_eq!((table[1].level, table[1].severity), (35, 3));
        assert_eq!(o.default_severity, 6);
        assert_eq!(
            (o.queue.capacity, o.queue.overflow, o.queue.timeout_ms),
            (64, sys::PICOLOG_OVERFLOW_BLOCK_TIMEOUT, 250)
        );
    }
}
