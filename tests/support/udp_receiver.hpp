// udp_receiver.hpp - a UDP socket on 127.0.0.1 with a port of the kernel's
// choosing, for the tests that send syslog datagrams to it.
#pragma once

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

// Its receive buffer is large enough for every datagram a test sends.
struct UdpReceiver {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    uint16_t port = 0;
    UdpReceiver() {
        int big = 4 << 20;
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
        socklen_t len = sizeof a;
        getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
        port = ntohs(a.sin_port);
    }
    ~UdpReceiver() { close(fd); }
    UdpReceiver(const UdpReceiver&) = delete;
    UdpReceiver& operator=(const UdpReceiver&) = delete;
    // Everything queued now (the sends are done: loopback delivers within
    // the send call).
    std::vector<std::string> take_all() {
        std::vector<std::string> got;
        std::vector<char> buf(70000);
        for (;;) {
            ssize_t n = recv(fd, buf.data(), buf.size(), MSG_DONTWAIT);
            if (n < 0) break;
            got.emplace_back(buf.data(), static_cast<size_t>(n));
        }
        return got;
    }
};
