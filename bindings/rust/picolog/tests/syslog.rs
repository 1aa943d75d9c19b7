//! SyslogHandler from Rust: records reach a UDP socket the test owns in the
//! chosen format, the severity map can be overridden, the counters add up,
//! and a TCP message is cut to max_message.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, UdpSocket};
use std::time::Duration;

use picolog::{Framing, Level, SyslogFormat, SyslogHandler};

#[test]
fn udp_records_arrive_with_counters() {
    let rx = UdpSocket::bind("127.0.0.1:0").unwrap();
    rx.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let port = rx.local_addr().unwrap().port();
    let handler = SyslogHandler::udp("127.0.0.1", port)
        .format(SyslogFormat::Rfc5424)
        .hostname("rusthost")
        .app_name("rustapp")
        .facility(16)
        .severity(Level::INFO, 5)
        .build()
        .unwrap();
    let log = picolog::get_logger("rust_syslog_test.udp").unwrap();
    log.set_propagate(false).unwrap();
    log.set_level(Level::DEBUG).unwrap();
    log.add_handler(&handler).unwrap();
    log.info("hello");
    log.error("world");
    handler.flush().unwrap();
    let mut buf = [0u8; 2048];
    let n = rx.recv(&mut buf).unwrap();
    let first = String::from_utf8_lossy(&buf[..n]).into_owned();
    let n = rx.recv(&mut buf).unwrap();
    let second = String::from_utf8_lossy(&buf[..n]).into_owned();
    assert!(first.starts_with("<133>1 "), "{first}"); // local0, notice
    assert!(first.contains(" rusthost rustapp "), "{first}");
    assert!(first.ends_with(" - - hello"), "{first}");
    assert!(second.starts_with("<131>1 "), "{second}"); // local0, err
    let stats = handler.stats().unwrap();
    assert_eq!(stats.sent, 2);
    assert_eq!(stats.dropped_unreachable + stats.dropped_queue_full, 0);
    log.remove_handler(&handler).unwrap();
}

#[test]
fn bare_format_is_pythons() {
    let rx = UdpSocket::bind("127.0.0.1:0").unwrap();
    rx.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let port = rx.local_addr().unwrap().port();
    let handler = SyslogHandler::udp("127.0.0.1", port)
        .format(SyslogFormat::Bare)
        .append_nul(true)
        .build()
        .unwrap();
    let log = picolog::get_logger("rust_syslog_test.bare").unwrap();
    log.set_propagate(false).unwrap();
    log.add_handler(&handler).unwrap();
    log.warning("disk full");
    handler.flush().unwrap();
    let mut buf = [0u8; 256];
    let n = rx.recv(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"<12>disk full\0");
    log.remove_handler(&handler).unwrap();
}

#[test]
fn tcp_messages_are_cut_to_max_message() {
    let server = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = server.local_addr().unwrap().port();
    let handler = SyslogHandler::tcp("127.0.0.1", port)
        .format(SyslogFormat::Bare)
        .framing(Framing::Lf)
        .max_message(65)
        .build()
        .unwrap();
    let log = picolog::get_logger("rust_syslog_test.max_message").unwrap();
    log.set_propagate(false).unwrap();
    log.add_handler(&handler).unwrap();
    let long = "\u{e9}".repeat(100); // 200 bytes, two per character
    log.warning(&long);
    log.warning("short");
    handler.flush().unwrap();
    let (conn, _) = server.accept().unwrap();
    let mut lines = BufReader::new(conn).lines();
    // "<12>" and 30 whole characters: 65 bytes would split the 31st.
    assert_eq!(
        lines.next().unwrap().unwrap(),
        format!("<12>{}", "\u{e9}".repeat(30))
    );
    assert_eq!(lines.next().unwrap().unwrap(), "<12>short");
    let stats = handler.stats().unwrap();
    assert_eq!((stats.sent, stats.truncated), (2, 1));
    log.remove_handler(&handler).unwrap();
}
