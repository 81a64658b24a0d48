// Radix-trie URL router with Django's path converters. Pure C++ (no N-API).
// Semantics match Django's resolver: the first route in table order whose
// pattern matches the whole (percent-decoded) path and allows the method wins;
// the trie only makes finding it fast (subtrees whose lowest route index cannot
// beat the best match so far are skipped).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hyper {

enum class Converter : uint8_t { Int = 0, Str, Slug, Uuid, Path, Count };

// Method bits; kAnyMethod accepts every method, including unknown ones.
enum : uint16_t {
  kGet = 1 << 0, kHead = 1 << 1, kPost = 1 << 2, kPut = 1 << 3, kPatch = 1 << 4,
  kDelete = 1 << 5, kOptions = 1 << 6, kTrace = 1 << 7, kConnect = 1 << 8,
  kOtherMethod = 1 << 14, kAnyMethod = 0xffff,
};
uint16_t method_bit(std::string_view method);
// Comma-separated Allow value for a method mask ("GET, HEAD, POST").
std::string allow_header(uint16_t mask);

struct Capture {
  uint32_t off;
  uint32_t len;
};

struct MatchResult {
  enum Kind : uint8_t { Found, NotFound, MethodNotAllowed } kind = NotFound;
  uint32_t route = 0;
  uint16_t allow = 0;  // for MethodNotAllowed
  std::vector<Capture> params;  // offsets into the decoded path
};

class Router {
 public:
  Router();
  ~Router();
  // Adds a route; patterns start with '/'. Returns false (with a reason) when the
  // pattern is malformed or uses a converter the native router does not know.
  bool add(std::string_view pattern, uint16_t methods, std::string* error);
  size_t size() const { return routes_.size(); }
  // `decoded` must be the percent-decoded path (see percent_decode).
  void match(std::string_view decoded, uint16_t method, MatchResult& out) const;

 private:
  struct Node;
  struct Search;
  void search(const Node* node, Search& s, size_t pos) const;
  std::unique_ptr<Node> root_;
  uint32_t param_nodes_ = 0;
  std::vector<uint16_t> routes_;  // method mask per route index
};

// Decodes %XX escapes into bytes; malformed escapes stay as they are.
void percent_decode(const char* p, size_t n, std::string& out);

}  // namespace hyper
