#include "date-cache.h"

#include <cstdio>

namespace hyper {

const char* DateCache::header() {
  time_t now = time(nullptr);
  if (now != last_) {
    last_ = now;
    struct tm tm;
    gmtime_r(&now, &tm);
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    snprintf(buf_, sizeof buf_, "Date: %s, %02d %s %04d %02d:%02d:%02d GMT\r\n", days[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  }
  return buf_;
}

}  // namespace hyper
