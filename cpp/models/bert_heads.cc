#include "bert_heads.h"
#include <ATen/ATen.h>
#include <cmath>
#include <torch/nn/init.h>
#include "../errors.h"
#include "init_weights.h"

namespace tstorch {

namespace nn = torch::nn;

namespace {
// CrossEntropyLoss() of transformers' heads (mean, ignore_index -100); integer labels of any width.
at::Tensor CrossEntropy(const at::Tensor& logits, const at::Tensor& labels, int64_t classes, int64_t ignore_index = -100) {
  return at::cross_entropy_loss(logits.reshape({-1, classes}), labels.reshape({-1}).to(at::kLong), {}, at::Reduction::Mean,
                                ignore_index);
}
bool IsIntegral(const at::Tensor& t) { return at::isIntegralType(t.scalar_type(), /*includeBool=*/false); }
}  // namespace

BertHead::BertHead(const BertConfig& c, bool add_pooling_layer, bool post_init) : BertTask(c) {
  bert = register_module("bert", std::make_shared<BertModelImpl>(c, add_pooling_layer, post_init));
}

// The nested BertModel's post_init marked its modules initialized (`_is_hf_initialized`): only the head is left.
void BertHead::PostInit() {
  InitBertWeights(*this, config_.initializer_range, nullptr, "",
                  [](const std::string& name) { return name == "bert" || name.rfind("bert.", 0) == 0; });
}

// ---- sequence classification ----------------------------------------------------------------------------

BertForSequenceClassificationImpl::BertForSequenceClassificationImpl(const BertConfig& c, bool post_init)
    : BertHead(c, /*add_pooling_layer=*/true, post_init) {
  dropout = register_module("dropout", nn::Dropout(c.head_dropout()));
  classifier = register_module("classifier", nn::Linear(c.hidden_size, c.num_labels));
  if (post_init) PostInit();
}

BertOutputs BertForSequenceClassificationImpl::Forward(const BertInputs& in) {
  auto out = bert->Encode(in);
  out.logits = classifier->forward(dropout->forward(out.pooler_output));
  const auto& labels = in.labels;
  if (labels.defined()) {
    int64_t n = config_.num_labels;
    std::string problem = in.problem_type;
    if (problem.empty()) {
      if (n == 1) problem = "regression";
      else if (n > 1 && (labels.scalar_type() == at::kLong || labels.scalar_type() == at::kInt))
        problem = "single_label_classification";
      else problem = "multi_label_classification";
    }
    if (problem == "regression") {
      if (IsIntegral(labels)) throw ArgumentError("regression labels must be floating point, got " + std::string(c10::toString(labels.scalar_type())));
      auto target = labels.to(out.logits.scalar_type());
      out.loss = n == 1 ? at::mse_loss(out.logits.squeeze(), target.squeeze()) : at::mse_loss(out.logits, target);
    } else if (problem == "single_label_classification") {
      if (!IsIntegral(labels)) throw ArgumentError("single_label_classification labels must be integer class indices");
      out.loss = CrossEntropy(out.logits, labels, n);
    } else if (problem == "multi_label_classification") {
      out.loss = at::binary_cross_entropy_with_logits(out.logits, labels.to(out.logits.scalar_type()));
    } else {
      throw ArgumentError("unknown problem_type '" + problem + "'");
    }
    out.problem_type = problem;
  }
  out.last_hidden_state = at::Tensor();
  out.pooler_output = at::Tensor();
  return out;
}

// ---- token classification -------------------------------------------------------------------------------

BertForTokenClassificationImpl::BertForTokenClassificationImpl(const BertConfig& c, bool post_init)
    : BertHead(c, /*add_pooling_layer=*/false, post_init) {
  dropout = register_module("dropout", nn::Dropout(c.head_dropout()));
  classifier = register_module("classifier", nn::Linear(c.hidden_size, c.num_labels));
  if (post_init) PostInit();
}

BertOutputs BertForTokenClassificationImpl::Forward(const BertInputs& in) {
  auto out = bert->Encode(in);
  out.logits = classifier->forward(dropout->forward(out.last_hidden_state));
  if (in.labels.defined()) out.loss = CrossEntropy(out.logits, in.labels, config_.num_labels);
  out.last_hidden_state = at::Tensor();
  return out;
}

// ---- question answering ---------------------------------------------------------------------------------

BertForQuestionAnsweringImpl::BertForQuestionAnsweringImpl(const BertConfig& c, bool post_init)
    : BertHead(c, /*add_pooling_layer=*/false, post_init) {
  if (c.num_labels != 2)
    throw ArgumentError("BertForQuestionAnswering needs num_labels 2 (start and end logits), got " + std::to_string(c.num_labels));
  qa_outputs = register_module("qa_outputs", nn::Linear(c.hidden_size, c.num_labels));
  if (post_init) PostInit();
}

BertOutputs BertForQuestionAnsweringImpl::Forward(const BertInputs& in) {
  auto out = bert->Encode(in);
  auto logits = qa_outputs->forward(out.last_hidden_state);
  auto parts = logits.split(1, -1);
  out.start_logits = parts[0].squeeze(-1).contiguous();
  out.end_logits = parts[1].squeeze(-1).contiguous();
  if (in.start_positions.defined() && in.end_positions.defined()) {
    auto start = in.start_positions, end = in.end_positions;
    if (start.dim() > 1) start = start.squeeze(-1);
    if (end.dim() > 1) end = end.squeeze(-1);
    // positions outside the sequence are clamped to `seq`, which the loss ignores
    int64_t ignored = out.start_logits.size(1);
    start = start.clamp(0, ignored);
    end = end.clamp(0, ignored);
    auto start_loss = at::cross_entropy_loss(out.start_logits, start.to(at::kLong), {}, at::Reduction::Mean, ignored);
    auto end_loss = at::cross_entropy_loss(out.end_logits, end.to(at::kLong), {}, at::Reduction::Mean, ignored);
    out.loss = (start_loss + end_loss) / 2;
  }
  out.last_hidden_state = at::Tensor();
  return out;
}

// ---- masked language modeling ---------------------------------------------------------------------------

BertPredictionHeadTransformImpl::BertPredictionHeadTransformImpl(const BertConfig& c) : act(ParseActivation(c.hidden_act)) {
  dense = register_module("dense", nn::Linear(c.hidden_size, c.hidden_size));
  LayerNorm = register_module("LayerNorm", nn::LayerNorm(nn::LayerNormOptions({c.hidden_size}).eps(c.layer_norm_eps)));
}

BertLMPredictionHeadImpl::BertLMPredictionHeadImpl(const BertConfig& c, bool tied) {
  transform = register_module("transform", std::make_shared<BertPredictionHeadTransformImpl>(c));
  if (tied) {
    // Python builds the decoder's own weight before tying it: draw the same numbers so later draws match.
    at::NoGradGuard no_grad;
    auto discarded = at::empty({c.vocab_size, c.hidden_size});
    nn::init::kaiming_uniform_(discarded, std::sqrt(5.0));
  } else {
    decoder = register_module("decoder", nn::Linear(nn::LinearOptions(c.hidden_size, c.vocab_size).bias(false)));
  }
  bias = register_parameter("bias", at::zeros({c.vocab_size}));
}

BertOnlyMLMHeadImpl::BertOnlyMLMHeadImpl(const BertConfig& c, bool tied) {
  predictions = register_module("predictions", std::make_shared<BertLMPredictionHeadImpl>(c, tied));
}

BertForMaskedLMImpl::BertForMaskedLMImpl(const BertConfig& c, bool post_init)
    : BertHead(c, /*add_pooling_layer=*/false, post_init), tied(c.tie_word_embeddings) {
  cls = register_module("cls", std::make_shared<BertOnlyMLMHeadImpl>(c, tied));
  if (post_init) {
    PostInit();
    InitDecoder();
  }
}

// transformers' decoder is an nn.Linear whose bias is `cls.predictions.bias` (zeroed by _init_weights); when
// tied, its normal_() draw lands on the word embeddings and is overwritten by tie_weights: drawn and discarded.
// It is the last module Python initializes.
void BertForMaskedLMImpl::InitDecoder() {
  at::NoGradGuard no_grad;
  cls->predictions->bias.zero_();
  if (tied) at::empty({config_.vocab_size, config_.hidden_size}).normal_(0.0, config_.initializer_range);
}

void BertForMaskedLMImpl::InitWeights(const LoadedNames* loaded) {
  BertTask::InitWeights(loaded);
  if (!loaded || !loaded->count("cls.predictions.decoder.weight") || !loaded->count("cls.predictions.decoder.bias"))
    InitDecoder();
}

std::vector<std::pair<std::string, std::string>> BertForMaskedLMImpl::TiedParameters() const {
  std::vector<std::pair<std::string, std::string>> out;
  if (tied) out.emplace_back("cls.predictions.decoder.weight", "bert.embeddings.word_embeddings.weight");
  out.emplace_back("cls.predictions.decoder.bias", "cls.predictions.bias");
  return out;
}

BertOutputs BertForMaskedLMImpl::Forward(const BertInputs& in) {
  auto out = bert->Encode(in);
  auto& head = *cls->predictions;
  const auto& weight = tied ? bert->embeddings->word_embeddings->weight : head.decoder->weight;
  out.logits = at::linear(head.transform->forward(out.last_hidden_state), weight, head.bias);
  if (in.labels.defined()) out.loss = CrossEntropy(out.logits, in.labels, config_.vocab_size);
  out.last_hidden_state = at::Tensor();
  return out;
}

// ---- factory --------------------------------------------------------------------------------------------

std::shared_ptr<BertTask> CreateBertTask(const std::string& class_name, const BertConfig& c, bool post_init) {
  if (class_name == "BertModel") return std::make_shared<BertModelImpl>(c, /*add_pooling_layer=*/true, post_init);
  if (class_name == "BertModelWithoutPooler") return std::make_shared<BertModelImpl>(c, false, post_init);
  if (class_name == "BertForSequenceClassification") return std::make_shared<BertForSequenceClassificationImpl>(c, post_init);
  if (class_name == "BertForTokenClassification") return std::make_shared<BertForTokenClassificationImpl>(c, post_init);
  if (class_name == "BertForQuestionAnswering") return std::make_shared<BertForQuestionAnsweringImpl>(c, post_init);
  if (class_name == "BertForMaskedLM") return std::make_shared<BertForMaskedLMImpl>(c, post_init);
  throw ArgumentError("unknown model class '" + class_name +
                      "'; expected BertModel, BertForSequenceClassification, BertForTokenClassification, "
                      "BertForQuestionAnswering or BertForMaskedLM");
}

}  // namespace tstorch
