// sender_handler.hpp - the queue listener's handler inside a shipping
// handler (syslog, journald): it passes each record, formatted with the
// outer handler's formatter, to a sender that runs on the listener thread.
#pragma once

#include <memory>
#include <string>

#include "picolog/handler.hpp"

namespace picolog::ship {

// What does not depend on the sender: the outer handler's formatter.
class Sink : public Handler {
public:
    explicit Sink(const Handler* owner) : owner_(owner) {}

    // The outer handler is going away: format with this handler's own
    // formatter from now on. Taken under the lock the listener holds while
    // it emits, so no emit is reading `owner_` meanwhile.
    void forget_owner() {
        auto lock = this->lock();
        owner_ = nullptr;
        formatter_ = nullptr;
    }

protected:
    // The record's text by the outer handler's formatter, or `line` (this
    // handler's own formatting) once the outer handler is gone.
    std::string_view text_of(const Record& record, std::string_view line) {
        if (!owner_) return line;
        // Looked up once per batch: the lookup takes the outer handler's
        // lock and a reference.
        if (!formatter_) formatter_ = owner_->formatter();
        text_.clear();
        formatter_->format(record, text_);
        return text_;
    }
    // A formatter set on the outer handler applies from the next batch.
    void new_batch() noexcept { formatter_ = nullptr; }

private:
    const Handler* owner_;            // guarded by the lock
    Ref<const Formatter> formatter_;  // the owner's, for the current batch
    std::string text_;
};

// Sender needs deliver(record, text), end_batch(), flush() -> int, close(),
// after_fork_child() and peer().
template <class Sender>
class SenderHandler final : public Sink {
public:
    SenderHandler(std::shared_ptr<Sender> sender, const Handler* owner)
        : Sink(owner), sender_(std::move(sender)) {}

    void end_batch() noexcept override {
        new_batch();
        try {
            sender_->end_batch();
        } catch (...) {
            report_failure("sending the batch failed");
        }
    }

protected:
    int emit(const Record& record, std::string_view line) override {
        sender_->deliver(record, text_of(record, line));
        return kOk;
    }
    int do_flush() override { return sender_->flush(); }
    void do_close() override { sender_->close(); }
    void after_fork_child() noexcept override { sender_->after_fork_child(); }
    std::string describe() const override { return "sender(" + sender_->peer() + ")"; }

private:
    std::shared_ptr<Sender> sender_;
};

}  // namespace picolog::ship
