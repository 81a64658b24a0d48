#include "router.h"

#include <algorithm>
#include <cstring>
#include <unordered_set>

namespace hyper {

struct Router::Node {
  std::string label;  // static bytes consumed on entering this node (empty for param nodes)
  std::vector<std::unique_ptr<Node>> statics;
  std::unique_ptr<Node> params[static_cast<int>(Converter::Count)];
  std::vector<uint32_t> terminals;  // ascending route indices ending here
  uint32_t min_index = UINT32_MAX;  // lowest route index in this subtree
  bool next_byte[256] = {};         // first bytes of static children
  bool any_next = false;            // a param child follows, so any byte may
  uint32_t id = 0;                  // numbers param nodes for Search::seen
};

struct Router::Search {
  const char* p;
  size_t n;
  uint16_t method;
  uint32_t best = UINT32_MAX;
  std::vector<Capture> caps;
  std::vector<Capture>* best_caps;
  uint16_t allow = 0;  // methods of every route that matched the path, for a 405
  uint32_t steps = 0;  // bounds the work on adversarial tables
  // (param node, position) pairs already searched. Whatever a second visit could
  // reach, the first already found (best only decreases) or ORed into allow, so
  // skipping it keeps backtracking over several converters polynomial instead of
  // exponential. Only kept once a search gets long: ordinary paths never need it.
  std::unordered_set<uint64_t> seen;
};

constexpr uint32_t kMaxSteps = 20000;
constexpr uint32_t kRememberAfter = 64;

namespace {

int hexv(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_slug(unsigned char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
}
bool is_lhex(unsigned char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

// Longest run at p[pos..n) that the converter accepts (0 if none).
size_t max_run(Converter conv, const char* p, size_t n, size_t pos) {
  size_t i = pos;
  switch (conv) {
    case Converter::Int:
      while (i < n && is_digit(static_cast<unsigned char>(p[i]))) i++;
      break;
    case Converter::Slug:
      while (i < n && is_slug(static_cast<unsigned char>(p[i]))) i++;
      break;
    case Converter::Str:
      while (i < n && p[i] != '/') i++;
      break;
    case Converter::Path:
      while (i < n && p[i] != '\n') i++;  // Python's '.' stops at newline
      break;
    case Converter::Uuid: {
      if (n - pos < 36) return 0;
      for (size_t k = 0; k < 36; k++) {
        unsigned char c = static_cast<unsigned char>(p[pos + k]);
        bool dash = k == 8 || k == 13 || k == 18 || k == 23;
        if (dash ? c != '-' : !is_lhex(c)) return 0;
      }
      return 36;
    }
    default:
      return 0;
  }
  return i - pos;
}

bool parse_converter(std::string_view name, Converter& out) {
  if (name == "int") out = Converter::Int;
  else if (name == "str") out = Converter::Str;
  else if (name == "slug") out = Converter::Slug;
  else if (name == "uuid") out = Converter::Uuid;
  else if (name == "path") out = Converter::Path;
  else return false;
  return true;
}

bool is_ident(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); i++) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && is_digit(c));
    if (!ok) return false;
  }
  return true;
}

}  // namespace

uint16_t method_bit(std::string_view m) {
  switch (m.size()) {
    case 3:
      if (m == "GET") return kGet;
      if (m == "PUT") return kPut;
      break;
    case 4:
      if (m == "POST") return kPost;
      if (m == "HEAD") return kHead;
      break;
    case 5:
      if (m == "PATCH") return kPatch;
      if (m == "TRACE") return kTrace;
      break;
    case 6:
      if (m == "DELETE") return kDelete;
      break;
    case 7:
      if (m == "OPTIONS") return kOptions;
      if (m == "CONNECT") return kConnect;
      break;
  }
  return kOtherMethod;
}

std::string allow_header(uint16_t mask) {
  static const char* names[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"};
  if (mask & kGet) mask |= kHead;
  std::string out;
  for (int i = 0; i < 9; i++) {
    if (mask & (1 << i)) {
      if (!out.empty()) out += ", ";
      out += names[i];
    }
  }
  return out;
}

void percent_decode(const char* p, size_t n, std::string& out) {
  out.clear();
  const void* pct = memchr(p, '%', n);
  if (!pct) {
    out.assign(p, n);
    return;
  }
  out.reserve(n);
  for (size_t i = 0; i < n; i++) {
    if (p[i] == '%' && i + 2 < n) {
      int hi = hexv(p[i + 1]), lo = hexv(p[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(p[i]);
  }
}

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

bool Router::add(std::string_view pattern, uint16_t methods, std::string* error) {
  uint32_t index = static_cast<uint32_t>(routes_.size());
  // Split into static runs and converters first, so a bad pattern changes nothing.
  struct Part {
    bool param;
    Converter conv;
    std::string text;
  };
  std::vector<Part> parts;
  if (pattern.empty() || pattern[0] != '/') {
    if (error) *error = "pattern must start with '/'";
    return false;
  }
  size_t i = 0;
  std::string run;
  while (i < pattern.size()) {
    char c = pattern[i];
    if (c == '>') {
      if (error) *error = "unbalanced '>'";
      return false;
    }
    if (c != '<') {
      run.push_back(c);
      i++;
      continue;
    }
    size_t close = pattern.find('>', i);
    if (close == std::string_view::npos) {
      if (error) *error = "unbalanced '<'";
      return false;
    }
    std::string_view inner = pattern.substr(i + 1, close - i - 1);
    size_t colon = inner.find(':');
    std::string_view conv_name = colon == std::string_view::npos ? "str" : inner.substr(0, colon);
    std::string_view name = colon == std::string_view::npos ? inner : inner.substr(colon + 1);
    Converter conv;
    if (!is_ident(name)) {
      if (error) *error = "invalid parameter name";
      return false;
    }
    if (!parse_converter(conv_name, conv)) {
      if (error) *error = "unknown converter";
      return false;
    }
    if (!run.empty()) parts.push_back({false, Converter::Str, run});
    run.clear();
    parts.push_back({true, conv, std::string()});
    i = close + 1;
  }
  if (!run.empty()) parts.push_back({false, Converter::Str, run});

  Node* node = root_.get();
  node->min_index = std::min(node->min_index, index);
  for (const Part& part : parts) {
    if (part.param) {
      auto& child = node->params[static_cast<int>(part.conv)];
      if (!child) {
        child = std::make_unique<Node>();
        child->id = param_nodes_++;
      }
      node->any_next = true;
      node = child.get();
      node->min_index = std::min(node->min_index, index);
      continue;
    }
    std::string_view rest = part.text;
    while (!rest.empty()) {
      Node* next = nullptr;
      for (auto& child : node->statics) {
        if (child->label[0] != rest[0]) continue;
        size_t common = 0;
        while (common < child->label.size() && common < rest.size() && child->label[common] == rest[common])
          common++;
        if (common < child->label.size()) {
          // Split the edge: the child keeps the tail of its label below a new node.
          auto mid = std::make_unique<Node>();
          mid->label = child->label.substr(0, common);
          mid->min_index = child->min_index;
          child->label.erase(0, common);
          mid->next_byte[static_cast<unsigned char>(child->label[0])] = true;
          mid->statics.push_back(std::move(child));
          child = std::move(mid);
        }
        next = child.get();
        rest.remove_prefix(common);
        break;
      }
      if (!next) {
        auto fresh = std::make_unique<Node>();
        fresh->label = std::string(rest);
        node->next_byte[static_cast<unsigned char>(rest[0])] = true;
        next = fresh.get();
        node->statics.push_back(std::move(fresh));
        rest = {};
      }
      node = next;
      node->min_index = std::min(node->min_index, index);
    }
  }
  node->terminals.push_back(index);
  routes_.push_back(methods);
  return true;
}

void Router::search(const Node* node, Search& s, size_t pos) const {
  if (node->min_index >= s.best || ++s.steps > kMaxSteps) return;
  if (pos == s.n) {
    for (uint32_t r : node->terminals) {
      if (r >= s.best) break;
      uint16_t allowed = routes_[r];
      s.allow |= allowed;
      if ((allowed & s.method) || (s.method == kHead && (allowed & kGet))) {
        s.best = r;
        *s.best_caps = s.caps;
        break;
      }
    }
    return;
  }
  unsigned char c = static_cast<unsigned char>(s.p[pos]);
  if (node->next_byte[c]) {
    for (const auto& child : node->statics) {
      const std::string& l = child->label;
      if (static_cast<unsigned char>(l[0]) != c) continue;
      if (l.size() <= s.n - pos && memcmp(l.data(), s.p + pos, l.size()) == 0) search(child.get(), s, pos + l.size());
      break;
    }
  }
  if (!node->any_next) return;
  for (int k = 0; k < static_cast<int>(Converter::Count); k++) {
    const Node* child = node->params[k].get();
    if (!child || child->min_index >= s.best) continue;
    size_t run = max_run(static_cast<Converter>(k), s.p, s.n, pos);
    size_t min_len = static_cast<Converter>(k) == Converter::Uuid ? run : 1;
    // Greedy with backtracking, like the regex Django compiles; a length is only
    // worth trying when what follows can continue the match.
    for (size_t len = run; len >= min_len && len > 0; len--) {
      size_t end = pos + len;
      bool viable = end == s.n ? !child->terminals.empty() || child->any_next
                               : child->any_next || child->next_byte[static_cast<unsigned char>(s.p[end])];
      if (!viable) continue;
      if (s.steps > kRememberAfter && !s.seen.insert(static_cast<uint64_t>(child->id) << 32 | end).second) continue;
      s.caps.push_back({static_cast<uint32_t>(pos), static_cast<uint32_t>(len)});
      search(child, s, end);
      s.caps.pop_back();
      if (child->min_index >= s.best) break;
    }
  }
}

void Router::match(std::string_view decoded, uint16_t method, MatchResult& out) const {
  out.params.clear();
  Search s{decoded.data(), decoded.size(), method, UINT32_MAX, {}, &out.params};
  // Without a match nothing was pruned (best never dropped), so allow holds
  // the methods of every route whose pattern matches.
  search(root_.get(), s, 0);
  if (s.best != UINT32_MAX) {
    out.kind = MatchResult::Found;
    out.route = s.best;
    return;
  }
  if (s.allow) {
    out.kind = MatchResult::MethodNotAllowed;
    out.allow = s.allow;
  } else {
    out.kind = MatchResult::NotFound;
  }
}

}  // namespace hyper
