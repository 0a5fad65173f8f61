// Cooperative task scheduler for the embedded controller.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ctrl {

using Clock = std::chrono::steady_clock;

/// Fixed-capacity FIFO used for the ready queue; never allocates after construction.
template <typename T>
class RingBuffer {
 public:
  explicit RingBuffer(std::size_t capacity) : items_(capacity), head_(0), size_(0) {
    if (capacity == 0) {
      throw std::invalid_argument("capacity must be positive");
    }
  }

  bool empty() const { return size_ == 0; }
  bool full() const { return size_ == items_.size(); }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return items_.size(); }

  /// The i-th oldest item; throws when out of range.
  const T& at(std::size_t i) const {
    if (i >= size_) {
      throw std::out_of_range("ring buffer index " + std::to_string(i));
    }
    return items_[(head_ + i) % items_.size()];
  }

  /// Appends an item; returns false when the buffer is full.
  bool push(T item) {
    if (full()) {
      return false;
    }
    items_[(head_ + size_) % items_.size()] = std::move(item);
    ++size_;
    return true;
  }

  /// Removes and returns the oldest item. Undefined when empty.
  T pop() {
    T item = std::move(items_[head_]);
    head_ = (head_ + 1) % items_.size();
    --size_;
    return item;
  }

  /// The oldest item without removing it. Undefined when empty.
  const T& front() const { return items_[head_]; }

  /// The newest item without removing it. Undefined when empty.
  const T& back() const { return items_[(head_ + size_ - 1) % items_.size()]; }

  /// Drops every item; capacity is unchanged.
  void clear() {
    for (std::size_t i = 0; i < size_; ++i) {
      items_[(head_ + i) % items_.size()] = T{};
    }
    head_ = 0;
    size_ = 0;
  }

  /// Calls `f` on each item from oldest to newest.
  template <typename F>
  void for_each(F&& f) const {
    for (std::size_t i = 0; i < size_; ++i) {
      f(items_[(head_ + i) % items_.size()]);
    }
  }

  /// Removes the items for which `pred` holds, keeping the order of the rest.
  template <typename Pred>
  std::size_t remove_if(Pred pred) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < size_; ++i) {
      T& item = items_[(head_ + i) % items_.size()];
      if (!pred(item)) {
        items_[(head_ + kept) % items_.size()] = std::move(item);
        ++kept;
      }
    }
    std::size_t removed = size_ - kept;
    size_ = kept;
    return removed;
  }

 private:
  std::vector<T> items_;
  std::size_t head_;
  std::size_t size_;
};

/// A unit of work with a priority and an optional period.
struct Task {
  std::string name;
  int priority = 0;
  std::chrono::milliseconds period{0};
  Clock::time_point due{};
  std::function<bool()> run;  // returns false when the task is finished
};

/// Runs tasks in priority order, re-queueing periodic ones.
class Scheduler {
 public:
  explicit Scheduler(std::size_t capacity);

  void add(Task task);
  std::size_t tick(Clock::time_point now);
  std::size_t pending() const { return tasks_.size(); }

 private:
  std::vector<Task> tasks_;
  std::size_t capacity_;
  std::uint64_t overruns_ = 0;
};

Scheduler::Scheduler(std::size_t capacity) : capacity_(capacity) {
  tasks_.reserve(capacity);
}

void Scheduler::add(Task task) {
  if (tasks_.size() >= capacity_) {
    throw std::length_error("scheduler is full: " + task.name);
  }
  tasks_.push_back(std::move(task));
}

/// Runs every task that is due at `now`, highest priority first.
///
/// A task that returns false is removed; a periodic task is rescheduled one
/// period after its previous due time, skipping periods it missed, and each
/// missed period counts as an overrun. Returns the number of tasks run.
std::size_t Scheduler::tick(Clock::time_point now) {
  std::vector<std::size_t> due;
  for (std::size_t i = 0; i < tasks_.size(); ++i) {
    if (tasks_[i].due <= now) {
      due.push_back(i);
    }
  }
  if (due.empty()) {
    return 0;
  }
  std::stable_sort(due.begin(), due.end(), [this](std::size_t a, std::size_t b) {
    return tasks_[a].priority > tasks_[b].priority;
  });

  // Tasks of equal priority run in the order they became due, so a task that
  // keeps missing its slot cannot be starved by a newer one.
  for (std::size_t i = 1; i < due.size(); ++i) {
    std::size_t j = i;
    while (j > 0 && tasks_[due[j - 1]].priority == tasks_[due[j]].priority &&
           tasks_[due[j - 1]].due > tasks_[due[j]].due) {
      std::swap(due[j - 1], due[j]);
      --j;
    }
  }

  std::vector<bool> finished(tasks_.size(), false);
  std::size_t ran = 0;
  for (std::size_t index : due) {
    Task& task = tasks_[index];
    bool keep = false;
    try {
      keep = task.run();
    } catch (const std::exception& e) {
      // a failing task is dropped rather than retried forever
      keep = false;
    }
    ++ran;
    if (!keep) {
      finished[index] = true;
      continue;
    }
    if (task.period.count() == 0) {
      finished[index] = true;
      continue;
    }
    Clock::time_point next = task.due + task.period;
    while (next <= now) {
      next += task.period;
      ++overruns_;
    }
    task.due = next;
  }

  std::size_t kept = 0;
  for (std::size_t i = 0; i < tasks_.size(); ++i) {
    if (!finished[i]) {
      if (kept != i) {
        tasks_[kept] = std::move(tasks_[i]);
      }
      ++kept;
    }
  }
  tasks_.resize(kept);
  if (tasks_.capacity() > 2 * capacity_) {
    tasks_.shrink_to_fit();
  }

  if (overruns_ > 1000) {
    // too far behind: reset the periodic tasks instead of running them in a burst
    for (Task& task : tasks_) {
      if (task.period.count() > 0) {
        task.due = now + task.period;
      }
    }
    overruns_ = 0;
  }
  return ran;
}

template <typename T>
T clamp_priority(T value, T low, T high) {
  return std::max(low, std::min(value, high));
}

}  // namespace ctrl
