#include "check/claim_store.h"

#include <algorithm>
#include <cstring>

namespace moeplan {

namespace {

// Every field of Claim, Reading and Arithmetic is written below; a field added to them must be
// written here too (claim_store_test compares every fixture's claims after a round trip).
static_assert(sizeof(void*) != 8 || (sizeof(Claim) == 480 && sizeof(Reading) == 144 && sizeof(Arithmetic) == 120 &&
                                     sizeof(Dimension) == 20),
              "Claim, Reading or Arithmetic changed: store the new field in ClaimStore (claim_store.cc)");

// Flags of one claim: which optional parts follow, and the booleans.
constexpr uint32_t kApproximate = 1u << 0;
constexpr uint32_t kRange = 1u << 1;         // value_hi != value
constexpr uint32_t kUnitScale = 1u << 2;     // unit_scale != 1
constexpr uint32_t kArithmetic = 1u << 3;
constexpr uint32_t kOfBytes = 1u << 4;
constexpr uint32_t kRestates = 1u << 5;
constexpr uint32_t kRestatesPerGpu = 1u << 6;
constexpr uint32_t kPerLayer = 1u << 7;
constexpr uint32_t kOneExpert = 1u << 8;
constexpr uint32_t kIncludesComponent = 1u << 9;
constexpr uint32_t kOwnerElsewhere = 1u << 10;
constexpr uint32_t kDimensionMatches = 1u << 11;
constexpr uint32_t kBare = 1u << 12;
constexpr uint32_t kPerParam = 1u << 13;
constexpr uint32_t kDtypeBytes = 1u << 14;  // dtype_bytes != 0
constexpr uint32_t kCapacityByPosition = 1u << 15;
constexpr uint32_t kCeiling = 1u << 16;
constexpr uint32_t kRuledOut = 1u << 17;
constexpr uint32_t kKvPool = 1u << 18;
constexpr uint32_t kKvTokens = 1u << 19;
constexpr uint32_t kOperand = 1u << 20;
constexpr uint32_t kKvRequests = 1u << 21;

// How a string is kept: the same as the previous claim's, a span of the claim's line, or its own bytes.
enum class TextMode : uint8_t { kEmpty, kSame, kSpan, kOwn };

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

void put_int(std::string& out, int64_t v) {  // zigzag: small negative numbers stay small
  put_varint(out, (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
}

void put_double(std::string& out, double v) {
  char bytes[sizeof v];
  std::memcpy(bytes, &v, sizeof v);
  out.append(bytes, sizeof v);
}

void put_text(std::string& out, const std::string& s, const std::string& previous, std::string_view line) {
  if (s.empty()) {
    out += static_cast<char>(TextMode::kEmpty);
  } else if (s == previous) {
    out += static_cast<char>(TextMode::kSame);
  } else if (const size_t at = line.find(s); at != std::string_view::npos) {
    out += static_cast<char>(TextMode::kSpan);
    put_varint(out, at);
    put_varint(out, s.size());
  } else {
    out += static_cast<char>(TextMode::kOwn);
    put_varint(out, s.size());
    out += s;
  }
}

// Reads what the put_ functions wrote, from `at` on.
struct Reader {
  const std::string& data;
  size_t at;
  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      const auto byte = static_cast<unsigned char>(data[at++]);
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) return v;
    }
  }
  int64_t integer() {
    const uint64_t z = varint();
    return static_cast<int64_t>(z >> 1) ^ -static_cast<int64_t>(z & 1);
  }
  double real() {
    double v;
    std::memcpy(&v, data.data() + at, sizeof v);
    at += sizeof v;
    return v;
  }
  void text(std::string& s, const std::string& previous, std::string_view line) {
    switch (static_cast<TextMode>(data[at++])) {
      case TextMode::kEmpty: s.clear(); break;
      case TextMode::kSame: s = previous; break;
      case TextMode::kSpan: {
        const size_t begin = varint();
        const size_t size = varint();
        s.assign(line.substr(begin, size));
        break;
      }
      case TextMode::kOwn: {
        const size_t size = varint();
        s.assign(data, at, size);
        at += size;
        break;
      }
    }
  }
};

}  // namespace

uint32_t ClaimStore::intern(const std::string& s) {
  if (strings_.empty()) strings_.emplace_back();  // id 0: ""
  if (s.empty()) return 0;
  if (const auto* e = string_ids_.find(s)) return e->second;
  const auto id = static_cast<uint32_t>(strings_.size());
  string_ids_[s] = id;
  strings_.push_back(s);
  return id;
}

void ClaimStore::append(const std::vector<Claim>& claims) {
  std::string& data_ = scratch_;
  data_.clear();
  put_varint(data_, claims.size());
  static const Claim kNone;
  const Claim* previous = &kNone;
  for (const Claim& c : claims) {
    const std::string_view line = doc_.line(c.line);
    const Reading& r = c.reading;
    uint32_t flags = 0;
    flags |= c.approximate ? kApproximate : 0;
    flags |= c.value_hi != c.value ? kRange : 0;
    flags |= c.unit_scale != 1 ? kUnitScale : 0;
    flags |= c.arithmetic ? kArithmetic : 0;
    flags |= c.of_bytes != 0 ? kOfBytes : 0;
    flags |= c.restates != 0 ? kRestates : 0;
    flags |= c.restates_per_gpu != 0 ? kRestatesPerGpu : 0;
    flags |= r.per_layer ? kPerLayer : 0;
    flags |= r.one_expert ? kOneExpert : 0;
    flags |= r.includes_component ? kIncludesComponent : 0;
    flags |= r.owner_elsewhere ? kOwnerElsewhere : 0;
    flags |= c.arithmetic && c.arithmetic->dimension_matches ? kDimensionMatches : 0;
    flags |= c.arithmetic && c.arithmetic->bare ? kBare : 0;
    flags |= c.per_param ? kPerParam : 0;
    flags |= c.dtype_bytes != 0 ? kDtypeBytes : 0;
    flags |= c.capacity_by_position ? kCapacityByPosition : 0;
    flags |= c.ceiling ? kCeiling : 0;
    flags |= c.ruled_out ? kRuledOut : 0;
    flags |= c.kv_pool ? kKvPool : 0;
    flags |= c.kv_tokens ? kKvTokens : 0;
    flags |= c.kv_requests ? kKvRequests : 0;
    flags |= c.operand ? kOperand : 0;
    put_varint(data_, flags);
    put_int(data_, c.line - previous->line);
    put_varint(data_, static_cast<uint64_t>(c.kind));
    put_varint(data_, static_cast<uint64_t>(c.scope));
    put_double(data_, c.value);
    if (flags & kRange) put_double(data_, c.value_hi);
    put_varint(data_, intern(c.unit_text));
    put_varint(data_, c.col_begin);
    put_varint(data_, c.col_end);
    if (flags & kUnitScale) put_double(data_, c.unit_scale);
    put_text(data_, c.node, previous->node, line);
    put_text(data_, c.text, previous->text, line);
    if (const auto& a = c.arithmetic) {
      put_text(data_, a->text, "", line);
      put_varint(data_, a->col_begin);
      put_varint(data_, a->col_end);
      put_double(data_, a->value);
      for (int d : {a->dimension.params, a->dimension.bytes, a->dimension.gpus, a->dimension.tokens, a->dimension.seconds})
        put_int(data_, d);
      put_varint(data_, intern(a->dimension_note));
      put_int(data_, a->operands);
    }
    put_varint(data_, static_cast<uint64_t>(r.owner));
    put_varint(data_, static_cast<uint64_t>(r.role));
    put_varint(data_, intern(r.component));
    put_varint(data_, intern(r.phase));
    put_varint(data_, intern(r.unclear));
    put_varint(data_, intern(r.gpu_model));
    if (flags & kOfBytes) put_double(data_, c.of_bytes);
    if (flags & kRestates) put_double(data_, c.restates);
    if (flags & kRestatesPerGpu) put_double(data_, c.restates_per_gpu);
    if (flags & kDtypeBytes) put_double(data_, c.dtype_bytes);
    put_int(data_, c.decimals);
    previous = &c;
  }
  if (blocks_.empty() || blocks_.back().size() + data_.size() > blocks_.back().capacity()) {
    blocks_.emplace_back();
    blocks_.back().reserve(std::max(kBlockBytes, data_.size()));
  }
  runs_.emplace_back(static_cast<uint32_t>(blocks_.size() - 1), static_cast<uint32_t>(blocks_.back().size()));
  blocks_.back() += data_;
}

void ClaimStore::read(size_t run, std::vector<Claim>& out) const {
  const auto [block, offset] = runs_.at(run);
  Reader in{blocks_[block], offset};
  // The claims already in `out` are overwritten field by field, so their strings keep their memory.
  out.resize(in.varint());
  const Claim kNone;
  const Claim* previous = &kNone;
  for (Claim& c : out) {
    Reading& r = c.reading;
    const auto flags = static_cast<uint32_t>(in.varint());
    c.line = previous->line + static_cast<int>(in.integer());
    const std::string_view line = doc_.line(c.line);
    c.kind = static_cast<ClaimKind>(in.varint());
    c.scope = static_cast<Scope>(in.varint());
    c.value = in.real();
    c.value_hi = flags & kRange ? in.real() : c.value;
    c.approximate = flags & kApproximate;
    c.unit_text = strings_[in.varint()];
    c.col_begin = in.varint();
    c.col_end = in.varint();
    c.unit_scale = flags & kUnitScale ? in.real() : 1;
    in.text(c.node, previous->node, line);
    in.text(c.text, previous->text, line);
    if (!(flags & kArithmetic)) c.arithmetic.reset();
    if (flags & kArithmetic) {
      Arithmetic& a = c.arithmetic ? *c.arithmetic : c.arithmetic.emplace();
      in.text(a.text, "", line);
      a.col_begin = in.varint();
      a.col_end = in.varint();
      a.value = in.real();
      for (int* d : {&a.dimension.params, &a.dimension.bytes, &a.dimension.gpus, &a.dimension.tokens, &a.dimension.seconds})
        *d = static_cast<int>(in.integer());
      a.dimension_note = strings_[in.varint()];
      a.operands = static_cast<int>(in.integer());
      a.dimension_matches = flags & kDimensionMatches;
      a.bare = flags & kBare;
    }
    r.owner = static_cast<Owner>(in.varint());
    r.role = static_cast<Role>(in.varint());
    r.component = strings_[in.varint()];
    r.phase = strings_[in.varint()];
    r.unclear = strings_[in.varint()];
    r.gpu_model = strings_[in.varint()];
    r.per_layer = flags & kPerLayer;
    r.one_expert = flags & kOneExpert;
    r.includes_component = flags & kIncludesComponent;
    r.owner_elsewhere = flags & kOwnerElsewhere;
    c.of_bytes = flags & kOfBytes ? in.real() : 0;
    c.restates = flags & kRestates ? in.real() : 0;
    c.restates_per_gpu = flags & kRestatesPerGpu ? in.real() : 0;
    c.dtype_bytes = flags & kDtypeBytes ? in.real() : 0;
    c.per_param = flags & kPerParam;
    c.capacity_by_position = flags & kCapacityByPosition;
    c.ceiling = flags & kCeiling;
    c.ruled_out = flags & kRuledOut;
    c.kv_pool = flags & kKvPool;
    c.kv_tokens = flags & kKvTokens;
    c.kv_requests = flags & kKvRequests;
    c.operand = flags & kOperand;
    c.decimals = static_cast<int>(in.integer());
    previous = &c;
  }
}

size_t ClaimStore::bytes() const {
  size_t n = runs_.size() * sizeof(runs_[0]);
  for (const std::string& b : blocks_) n += b.size();
  for (const std::string& s : strings_) n += s.size() + sizeof s;
  return n;
}

}  // namespace moeplan
