#include <ATen/ATen.h>
#include "../args.h"
#include "../errors.h"
#include "bert_io.h"
#include "../js_object.h"

namespace tstorch {

namespace {

std::string Shape(const at::Tensor& t) { return "[" + c10::Join(", ", t.sizes()) + "]"; }

class Checker {
 public:
  Checker(const std::string& class_name, const at::Device& device) : prefix_(class_name + ".forward: "), device_(device) {}

  [[noreturn]] void fail(const std::string& message) const { throw ArgumentError(prefix_ + message); }

  void device(const at::Tensor& t, const char* name) const {
    if (t.device() != device_)
      fail(std::string(name) + " is on " + t.device().str() + " but the model is on " + device_.str() +
           "; move the inputs with .to(device)");
  }
  void int64(const at::Tensor& t, const char* name) const {
    if (t.scalar_type() != at::kLong)
      fail(std::string(name) + " must be an int64 tensor, got " + DtypeName(t.scalar_type()) + "; convert it with .long()");
  }
  // Every value in [0, limit) (or equal to `ignore` when given).
  void range(const at::Tensor& t, const char* name, int64_t limit, const std::string& what,
             c10::optional<int64_t> ignore = c10::nullopt) const {
    if (t.numel() == 0) return;
    auto valid = t.ge(0).logical_and(t.lt(limit));
    if (ignore) valid = valid.logical_or(t.eq(*ignore));
    if (valid.all().item<bool>()) return;
    auto bad = t.masked_select(valid.logical_not())[0].item<int64_t>();
    fail(std::string(name) + " holds " + std::to_string(bad) + ", outside " + what + " [0, " + std::to_string(limit) + ")" +
         (ignore ? " (or " + std::to_string(*ignore) + " to ignore a position)" : ""));
  }

 private:
  std::string prefix_;
  at::Device device_;
};

bool IsIntegral(const at::Tensor& t) { return at::isIntegralType(t.scalar_type(), /*includeBool=*/false); }

}  // namespace

BertInputs ReadBertInputs(napi_env env, napi_value object, const BertConfig& c, const at::Device& device,
                          const std::string& class_name) {
  JsObject o(env, object, "inputs");
  Checker check(class_name, device);
  BertInputs in;
  in.input_ids = o.optTensor("input_ids");
  in.attention_mask = o.optTensor("attention_mask");
  in.token_type_ids = o.optTensor("token_type_ids");
  in.position_ids = o.optTensor("position_ids");
  in.labels = o.optTensor("labels");
  in.start_positions = o.optTensor("start_positions");
  in.end_positions = o.optTensor("end_positions");
  in.output_hidden_states = o.boolean("output_hidden_states", false);
  in.output_attentions = o.boolean("output_attentions", false);
  in.problem_type = o.string("problem_type", "");

  const auto& ids = in.input_ids;
  if (!ids.defined()) check.fail("input_ids is required");
  check.int64(ids, "input_ids");
  if (ids.dim() != 2) check.fail("input_ids must have shape [batch, seq], got " + Shape(ids));
  check.device(ids, "input_ids");
  int64_t batch = ids.size(0), seq = ids.size(1);
  check.range(ids, "input_ids", c.vocab_size, "the vocabulary");

  if (in.attention_mask.defined()) {
    const auto& m = in.attention_mask;
    bool ok = (m.dim() == 2 && m.size(0) == batch && m.size(1) == seq) ||
              (m.dim() == 3 && m.size(0) == batch && m.size(1) == seq && m.size(2) == seq);
    if (!ok) check.fail("attention_mask must have shape [" + std::to_string(batch) + ", " + std::to_string(seq) + "] like input_ids, got " + Shape(m));
    check.device(m, "attention_mask");
  }
  if (in.token_type_ids.defined()) {
    const auto& t = in.token_type_ids;
    check.int64(t, "token_type_ids");
    if (t.sizes() != ids.sizes()) check.fail("token_type_ids must have the shape of input_ids " + Shape(ids) + ", got " + Shape(t));
    check.device(t, "token_type_ids");
    check.range(t, "token_type_ids", c.type_vocab_size, "type_vocab_size");
  }
  if (in.position_ids.defined()) {
    const auto& p = in.position_ids;
    check.int64(p, "position_ids");
    if (p.dim() != 2 || (p.size(0) != batch && p.size(0) != 1) || p.size(1) != seq)
      check.fail("position_ids must have shape [batch, seq] or [1, seq], got " + Shape(p));
    check.device(p, "position_ids");
    check.range(p, "position_ids", c.max_position_embeddings, "max_position_embeddings");
  } else if (seq > c.max_position_embeddings) {
    check.fail("input_ids has " + std::to_string(seq) + " tokens per sequence but the model takes at most " +
               std::to_string(c.max_position_embeddings) + " (max_position_embeddings); truncate the inputs");
  }

  if (in.labels.defined()) {
    const auto& l = in.labels;
    check.device(l, "labels");
    if (class_name == "BertForSequenceClassification") {
      bool single = in.problem_type == "single_label_classification" ||
                    (in.problem_type.empty() && c.num_labels > 1 && (l.scalar_type() == at::kLong || l.scalar_type() == at::kInt));
      bool multi = in.problem_type == "multi_label_classification" || (in.problem_type.empty() && c.num_labels > 1 && !single);
      if (single) {
        if (l.numel() != batch) check.fail("labels must hold one class index per sequence (shape [" + std::to_string(batch) + "]), got " + Shape(l));
        check.range(l, "labels", c.num_labels, "the labels", -100);
      } else if (multi) {
        if (l.dim() != 2 || l.size(0) != batch || l.size(1) != c.num_labels)
          check.fail("multi-label labels must have shape [" + std::to_string(batch) + ", " + std::to_string(c.num_labels) + "], got " + Shape(l));
      } else if (l.numel() != batch * c.num_labels) {
        check.fail("regression labels must hold " + std::to_string(c.num_labels) + " value(s) per sequence, got shape " + Shape(l));
      }
    } else if (class_name == "BertForTokenClassification" || class_name == "BertForMaskedLM") {
      if (!IsIntegral(l)) check.fail("labels must be integer class indices, got " + std::string(DtypeName(l.scalar_type())));
      if (l.numel() != batch * seq) check.fail("labels must have the shape of input_ids " + Shape(ids) + ", got " + Shape(l));
      bool mlm = class_name == "BertForMaskedLM";
      check.range(l, "labels", mlm ? c.vocab_size : c.num_labels, mlm ? "the vocabulary" : "the labels", -100);
    } else {
      check.fail("labels are not an input of " + class_name);
    }
  }
  for (auto [t, name] : {std::pair<const at::Tensor*, const char*>{&in.start_positions, "start_positions"}, {&in.end_positions, "end_positions"}}) {
    if (!t->defined()) continue;
    if (class_name != "BertForQuestionAnswering") check.fail(std::string(name) + " is not an input of " + class_name);
    if (!IsIntegral(*t)) check.fail(std::string(name) + " must be integer token positions");
    if (t->numel() != batch) check.fail(std::string(name) + " must hold one position per sequence (shape [" + std::to_string(batch) + "]), got " + Shape(*t));
    check.device(*t, name);
  }
  return in;
}

napi_value BertOutputsToJs(napi_env env, const BertOutputs& out) {
  JsResult r(env);
  r.set("loss", out.loss)
      .set("logits", out.logits)
      .set("startLogits", out.start_logits)
      .set("endLogits", out.end_logits)
      .set("lastHiddenState", out.last_hidden_state)
      .set("poolerOutput", out.pooler_output)
      .set("hiddenStates", out.hidden_states)
      .set("attentions", out.attentions)
      .set("problemType", out.problem_type);
  return r.value();
}

}  // namespace tstorch
