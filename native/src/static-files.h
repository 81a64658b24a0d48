// The static table of the native server: answers for the files of STATIC_ROOT
// that JS hands over once (NativeServer.setStatic), so a GET or HEAD for one
// is answered from memory without calling JS. The table holds only what JS
// built and checked (src/server/static-mount.ts); a request it does not cover
// exactly (ranges, other paths, unusual headers) goes to JS as any other.
#pragma once
#include <string>
#include <unordered_map>

namespace hyper {

struct StaticRepresentation {
  bool present = false;
  std::string etag;
  std::string head_ok;             // header lines of the 200 answer
  std::string head_not_modified;   // header lines of the 304 answer
  std::string body;
};

struct StaticEntry {
  StaticRepresentation reps[3];  // identity, gzip, br (indexed by StaticCoding)
};

struct StaticTable {
  std::string prefix;
  std::unordered_map<std::string, StaticEntry> entries;
  std::string key;  // scratch for lookups, so a hit allocates nothing
};

}  // namespace hyper
