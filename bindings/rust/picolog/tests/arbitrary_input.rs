//! Bounded property tests of the safe API against arbitrary input: logger
//! names, messages (any bytes), field keys and values, formats, level names,
//! directives, configuration text, context fields, thread names and `log`
//! targets, generated from fixed seeds. What must hold: no panic (a panic
//! fails the test), every refusal an `Err` with a message, and every record
//! the API accepted reaching its handler with its bytes intact.
//!
//! `PICOLOG_PROPERTY_CASES` sets the cases per property (default 300, a few
//! seconds in all) and `PICOLOG_PROPERTY_SEED` the seed; `make test-long`
//! runs many more.

mod support;

use std::sync::{Mutex, Once};

use picolog::config::{self, Format};
use picolog::{Formatter, Handler, Level, RecordInfo, Style};
use support::{capture_logger, global_state};

/// SplitMix64: a small, fixed generator, so a failing case is reproduced by
/// its seed alone.
struct Gen(u64);

impl Gen {
    fn new(property: u64) -> Gen {
        let seed = std::env::var("PICOLOG_PROPERTY_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0x5eed_0f0d_1c0c);
        Gen(seed ^ property.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    /// Any bytes, short most of the time, now and then long.
    fn bytes(&mut self) -> Vec<u8> {
        let len = if self.chance(20) {
            self.below(5000)
        } else {
            self.below(40)
        };
        (0..len).map(|_| self.next() as u8).collect()
    }

    /// Text that leans on the characters the parsers care about, with NULs,
    /// controls and multi-byte characters mixed in.
    fn text(&mut self, alphabet: &[&str]) -> String {
        let len = if self.chance(25) {
            self.below(600)
        } else {
            self.below(24)
        };
        let mut out = String::new();
        for _ in 0..len {
            match self.below(10) {
                0 => out.push(char::from_u32(self.below(0x11_0000) as u32).unwrap_or('\u{fffd}')),
                1 => out.push(char::from(self.below(0x80) as u8)),
                _ => out.push_str(alphabet[self.below(alphabet.len())]),
            }
        }
        out
    }

    /// `seed` with a few bytes flipped, inserted, removed or repeated, kept
    /// as text (config text is `&str`).
    fn mutate(&mut self, seed: &str) -> String {
        let mut bytes = seed.as_bytes().to_vec();
        for _ in 0..=self.below(4) {
            let at = self.below(bytes.len() + 1);
            match self.below(4) {
                0 if at < bytes.len() => bytes[at] = self.next() as u8,
                1 => {
                    let punctuation = b"{}[]\",:=.\n#$%01a";
                    bytes.insert(at, punctuation[self.below(punctuation.len())]);
                }
                2 if at < bytes.len() => drop(bytes.remove(at)),
                _ => {
                    let end = (at + self.below(16)).min(bytes.len());
                    let chunk = bytes[at..end].to_vec();
                    bytes.splice(at..at, chunk);
                }
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

fn cases() -> usize {
    std::env::var("PICOLOG_PROPERTY_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300)
}

/// A refusal says what was wrong.
fn refused<T>(result: picolog::Result<T>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(e) => {
            assert!(!e.message().is_empty(), "an error without a message: {e:?}");
            None
        }
    }
}

/// A logger that keeps its records to its own handler, enabled whatever an
/// earlier configuration in this process did to existing loggers.
fn quiet(log: picolog::Logger) {
    log.set_propagate(false).unwrap();
    log.set_disabled(false).unwrap();
}

const NAME_PARTS: &[&str] = &["a", "b", ".", ".", "::", "root", " ", "é", "\0", "-", "_"];
const PATTERN_PARTS: &[&str] = &[
    "%",
    "(",
    ")",
    "s",
    "d",
    "f",
    "-",
    "0",
    "5",
    ".",
    "{",
    "}",
    "$",
    "message",
    "name",
    "levelname",
    "asctime",
    "msecs",
    "lineno",
    "x",
    ":",
    "<",
    ">",
    "^",
    "!r",
    "%%",
    "\0",
];
const DIRECTIVE_PARTS: &[&str] = &[
    ",", "=", "::", ".", "debug", "info", "WARN", "error", "off", "trace", "10", "-1", "p", "q",
    " ", "\0",
];

#[test]
fn logger_names_are_loggers_or_errors() {
    let mut gen = Gen::new(1);
    for _ in 0..cases() {
        let name = gen.text(NAME_PARTS);
        let Some(logger) = refused(picolog::get_logger(&name)) else {
            assert!(name.contains('\0'), "{name:?} refused");
            continue;
        };
        let again = picolog::get_logger(&name).unwrap();
        assert_eq!(
            logger.as_ptr(),
            again.as_ptr(),
            "{name:?}: one logger per name"
        );
        if !name.is_empty() {
            assert_eq!(logger.name(), name);
        }
    }
}

#[test]
fn accepted_records_arrive_with_their_bytes_and_fields() {
    let _global = global_state();
    let (log, capture) = capture_logger("prop.records", Level::DEBUG);
    quiet(log);
    let mut gen = Gen::new(2);
    let mut expected = Vec::new();
    for _ in 0..cases() {
        let message = gen.bytes();
        let mut info = RecordInfo::new();
        let mut fields = Vec::new();
        let most = if gen.chance(10) { 40 } else { 4 };
        for _ in 0..gen.below(most) {
            let (key, value) = (gen.text(NAME_PARTS), gen.text(PATTERN_PARTS));
            info = info.field(&key, &value);
            fields.push((key.replace('\0', "\\0"), value.replace('\0', "\\0")));
        }
        let func = gen.text(NAME_PARTS);
        info = info.func(&func).line(gen.next() as u32);
        match refused(log.log_with(Level::INFO, &message, &info)) {
            Some(()) => expected.push((message, fields)),
            None => assert!(func.contains('\0'), "refused a record with func {func:?}"),
        }
    }
    let seen = capture.seen();
    assert_eq!(seen.len(), expected.len(), "every accepted record arrives");
    for (seen, (message, fields)) in seen.iter().zip(&expected) {
        assert_eq!(&seen.message, message);
        assert_eq!(&seen.fields, fields);
    }
}

#[test]
fn formats_compile_or_fail_and_compiled_ones_render_every_record() {
    let _global = global_state();
    let (log, capture) = capture_logger("prop.formats", Level::DEBUG);
    quiet(log);
    let mut gen = Gen::new(3);
    let (mut accepted, mut compiled, mut bad) = (0, 0, 0);
    for _ in 0..cases() {
        let style = [Style::Percent, Style::Brace][gen.below(2)];
        let pattern = gen.text(PATTERN_PARTS);
        let datefmt = gen
            .chance(2)
            .then(|| gen.text(&["%", "Y", "m", "d", "H", "f", "z", "-", "\0"]));
        let Some(formatter) = refused(Formatter::new(&pattern, datefmt.as_deref(), style)) else {
            bad += 1;
            continue;
        };
        compiled += 1;
        capture.handler.set_formatter(&formatter).unwrap();
        let message = gen.bytes();
        if refused(log.log_with(Level::WARNING, &message, &RecordInfo::new().field("x", 1)))
            .is_some()
        {
            accepted += 1;
        }
    }
    capture.handler.reset_formatter().unwrap();
    assert_eq!(
        capture.seen().len(),
        accepted,
        "every accepted record arrives"
    );
    // Both outcomes were tried, so neither path went untested.
    assert!(
        compiled > 0 && bad > 0,
        "{compiled} compiled, {bad} refused"
    );
}

#[test]
fn level_names_and_directives_apply_or_fail() {
    let _global = global_state();
    // Skipped directives are reported through the error hook: counted here
    // instead of printed.
    let reports = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = reports.clone();
    picolog::set_error_hook(move |_| {
        counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    })
    .unwrap();
    let mut gen = Gen::new(4);
    let watched = picolog::get_logger("p.q").unwrap();
    for _ in 0..cases() {
        let name = gen.text(DIRECTIVE_PARTS);
        // Values of their own, so that no standard level is renamed.
        let value = 1 + gen.below(9) as i32;
        if let Some(level) = refused(Level::custom(value, &name)) {
            assert_eq!(level.value(), value);
            assert_eq!(Level::from_name(&name).map(Level::value).ok(), Some(value));
        }
        let _ = refused(Level::from_name(&gen.text(DIRECTIVE_PARTS)));
        let _ = refused(Level::new(gen.next() as i32));
        let _ = refused(picolog::apply_directives(&gen.text(DIRECTIVE_PARTS)));
        // Whatever applied, the logger still answers with a level.
        let _ = watched.effective_level().value();
    }
    picolog::reset_error_hook().unwrap();
    picolog::apply_directives("warning,p=notset,p.q=notset").unwrap();
    assert!(reports.load(std::sync::atomic::Ordering::Relaxed) > 0);
}

#[test]
fn configuration_text_applies_or_fails() {
    let _global = global_state();
    // A mutated configuration could name a relative file: keep it out of
    // the source tree.
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("arbitrary_input");
    std::fs::create_dir_all(&dir).unwrap();
    std::env::set_current_dir(&dir).unwrap();
    let seeds = [
        (
            r#"{"version": 1, "disable_existing_loggers": false,
                "formatters": {"f": {"format": "%(levelname)s %(name)s: %(message)s", "datefmt": "%H"}},
                "filters": {"only": {"name": "cfg.a"}},
                "handlers": {"h": {"class": "null", "formatter": "f", "filters": ["only"], "level": "DEBUG"}},
                "loggers": {"cfg.a": {"level": "INFO", "handlers": ["h"], "propagate": false},
                            "cfg.b": {"level": 15}},
                "root": {"level": "WARNING"}}"#,
            Format::Json,
        ),
        (
            "version = 1\ndisable_existing_loggers = false\n[handlers.h]\nclass = \"null\"\n\
             [loggers.\"cfg.a\"]\nlevel = \"DEBUG\"\nhandlers = [\"h\"]\n[root]\nlevel = \"ERROR\"\n",
            Format::Toml,
        ),
    ];
    let mut gen = Gen::new(5);
    let (mut applied, mut bad) = (0, 0);
    for _ in 0..cases() {
        let (seed, format) = &seeds[gen.below(seeds.len())];
        let format = if gen.chance(3) { Format::Auto } else { *format };
        let text = if gen.chance(10) {
            gen.text(&[
                "{", "}", "[", "]", "\"", ":", "=", ",", "version", "1", "\n",
            ])
        } else {
            gen.mutate(seed)
        };
        match refused(config::configure(&text, format)) {
            Some(()) => applied += 1,
            None => bad += 1,
        }
        picolog::get_logger("cfg.a")
            .unwrap()
            .info("after a configuration");
    }
    config::configure(
        r#"{"version": 1, "disable_existing_loggers": false, "root": {"level": "WARNING"}}"#,
        Format::Json,
    )
    .unwrap();
    assert!(applied > 0 && bad > 0, "{applied} applied, {bad} refused");
}

#[test]
fn context_fields_and_thread_names_are_taken_or_refused() {
    let _global = global_state();
    let (log, capture) = capture_logger("prop.context", Level::DEBUG);
    quiet(log);
    let mut gen = Gen::new(6);
    for _ in 0..cases() {
        let fields: Vec<(String, String)> = (0..gen.below(6))
            .map(|_| (gen.text(NAME_PARTS), gen.text(PATTERN_PARTS)))
            .collect();
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let depth = picolog::context::depth();
        if let Some(guard) = refused(picolog::context::push(&pairs)) {
            log.info("in a context");
            drop(guard);
        }
        assert_eq!(
            picolog::context::depth(),
            depth,
            "a context leaves when its guard drops"
        );
        let name = gen.text(NAME_PARTS);
        if refused(picolog::set_thread_name(Some(&name))).is_some() {
            log.info("named");
        }
    }
    picolog::set_thread_name(None).unwrap();
    assert!(!capture.seen().is_empty());
}

#[test]
fn log_targets_name_loggers_or_are_dropped() {
    let _global = global_state();
    static INIT: Once = Once::new();
    INIT.call_once(|| picolog::log_backend::init().unwrap());
    let root = picolog::root();
    root.set_level(Level::DEBUG).unwrap();
    let seen = std::sync::Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let handler = Handler::from_fn(move |record, _| {
        sink.lock().unwrap().push((
            record.logger_name().into_owned(),
            record.message_bytes().to_vec(),
        ));
    })
    .unwrap();
    root.add_handler(&handler).unwrap();
    let mut gen = Gen::new(7);
    let mut expected = Vec::new();
    for i in 0..cases() {
        let target = format!("prop{}", gen.text(NAME_PARTS));
        let message = gen.text(PATTERN_PARTS);
        let name = target.replace("::", ".");
        // A target with a NUL names no logger: the record is dropped, as
        // the log facade has no way to report it.
        let logger = (!target.contains('\0')).then(|| picolog::get_logger(&name).unwrap());
        if let Some(logger) = logger.filter(|l| l.disabled()) {
            logger.set_disabled(false).unwrap();
        }
        log::info!(target: &target, "{message}");
        let warn = gen.chance(2);
        if warn {
            log::warn!(target: &target, n = i, text = message.as_str(); "{i}");
        }
        if logger.is_some_and(|l| l.is_enabled_for(Level::INFO)) {
            expected.push((name.clone(), message.into_bytes()));
            if warn {
                expected.push((name, i.to_string().into_bytes()));
            }
        }
    }
    root.remove_handler(&handler).unwrap();
    root.set_level(Level::WARNING).unwrap();
    assert_eq!(*seen.lock().unwrap(), expected);
}
