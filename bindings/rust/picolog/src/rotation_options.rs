//! What the size and time rotating builders share: the file options and the
//! picolog extensions (retention by age, gzip, several processes), with one
//! set of setters generated into both builders.

use crate::handlers::{FileHandler, FileHandlerBuilder};
use std::path::PathBuf;

/// The options both rotating builders have.
#[derive(Clone, Debug)]
pub(crate) struct RotationCommon {
    pub(crate) file: FileHandlerBuilder,
    pub(crate) max_age_days: u32,
    pub(crate) compress: bool,
    pub(crate) multiprocess: bool,
}

impl RotationCommon {
    pub(crate) fn new(path: impl Into<PathBuf>) -> Self {
        RotationCommon {
            file: FileHandler::builder(path),
            max_age_days: 0,
            compress: false,
            multiprocess: false,
        }
    }
}

/// The setters of [`RotationCommon`], for a builder with a `common` field.
macro_rules! rotation_common_setters {
    () => {
        /// Also delete rotated files older than this many days (0: by count
        /// only), on the runtime's housekeeping thread.
        pub fn max_age_days(mut self, days: u32) -> Self {
            self.common.max_age_days = days;
            self
        }

        /// Gzip each rotated file to `<name>.gz` on the runtime's
        /// housekeeping thread, so no log call waits for it.
        pub fn compress(mut self, compress: bool) -> Self {
            self.common.compress = compress;
            self
        }

        /// Several processes share the file: each check-rotate-write holds a
        /// lock on `<path>.lock`, so exactly one process rotates and none
        /// writes into a file already rotated away. Records are written one
        /// by one.
        pub fn multiprocess(mut self, multiprocess: bool) -> Self {
            self.common.multiprocess = multiprocess;
            self
        }

        /// The file options (flush policy, buffer, mode, delay) of
        /// [`FileHandler::builder`](crate::FileHandler::builder).
        pub fn file(
            mut self,
            configure: impl FnOnce(
                crate::handlers::FileHandlerBuilder,
            ) -> crate::handlers::FileHandlerBuilder,
        ) -> Self {
            self.common.file = configure(self.common.file);
            self
        }
    };
}

pub(crate) use rotation_common_setters;
