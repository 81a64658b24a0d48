// The listening socket, made by hand so SO_REUSEPORT can be set before bind
// (libuv 1.46 has no flag for it). Pure POSIX, no N-API.
#pragma once
#include <string>

namespace hyper {

// socket + SO_REUSEADDR (+ SO_REUSEPORT) + bind + listen; returns the fd, or -1
// with `error` set.
int bind_socket(const std::string& host, int port, bool reuse_port, int backlog, std::string& error);

}  // namespace hyper
