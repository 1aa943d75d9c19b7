//! A handler written as a Rust closure that counts the records it receives
//! by logger name: the proof that records logged from Python and C reach a
//! handler that Rust attached.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use picolog::{Handler, Logger};

use crate::status::Failure;

type Counts = Arc<Mutex<HashMap<String, u64>>>;

/// A counting handler and the logger it is attached to.
pub struct Counter {
    logger: Logger,
    handler: Handler,
    counts: Counts,
}

impl Counter {
    pub fn attach(logger_name: &str) -> Result<Counter, Failure> {
        let counts = Counts::default();
        let sink = counts.clone();
        let handler = Handler::from_fn(move |record, _line| {
            let mut counts = sink.lock().unwrap_or_else(PoisonError::into_inner);
            let name = record.logger_name();
            match counts.get_mut(name.as_ref()) {
                Some(count) => *count += 1,
                None => {
                    counts.insert(name.into_owned(), 1);
                }
            }
        })?;
        let logger = picolog::get_logger(logger_name)?;
        logger.add_handler(&handler)?;
        Ok(Counter {
            logger,
            handler,
            counts,
        })
    }

    /// Records from `prefix` and the loggers below it, as Python's
    /// `logging.Filter(prefix)` would pass them; "" counts every record.
    pub fn count(&self, prefix: &str) -> u64 {
        let counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        counts
            .iter()
            .filter(|(name, _)| {
                prefix.is_empty()
                    || name
                        .strip_prefix(prefix)
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
            })
            .map(|(_, count)| count)
            .sum()
    }

    pub fn detach(self) -> Result<(), Failure> {
        self.logger.remove_handler(&self.handler)?;
        Ok(())
    }
}
