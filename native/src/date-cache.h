// The IMF-fixdate for the Date header, formatted at most once a second.
#pragma once
#include <ctime>

namespace hyper {

class DateCache {
 public:
  // Returns "Date: <imf-fixdate>\r\n" (37 bytes).
  const char* header();
  static constexpr size_t kLen = 37;

 private:
  time_t last_ = 0;
  char buf_[64] = {};
};

}  // namespace hyper
