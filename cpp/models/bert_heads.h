// transformers' BERT task heads over BertModelImpl, with their losses. The base model is registered as `bert`,
// so parameter names carry the `bert.` prefix exactly as in Hugging Face checkpoints.
#pragma once
#include <memory>
#include <string>
#include "bert_modules.h"

namespace tstorch {

// Shared by the heads: `bert` plus a post_init that initializes only the head (the nested BertModel ran its own).
class BertHead : public BertTask {
 public:
  BertHead(const BertConfig& c, bool add_pooling_layer, bool post_init);
  std::shared_ptr<BertModelImpl> bert;

 protected:
  void PostInit();  // call at the end of a head's constructor when post_init is set
};

class BertForSequenceClassificationImpl : public BertHead {
 public:
  BertForSequenceClassificationImpl(const BertConfig& c, bool post_init);
  BertOutputs Forward(const BertInputs& in) override;
  torch::nn::Dropout dropout{nullptr};
  torch::nn::Linear classifier{nullptr};
};

class BertForTokenClassificationImpl : public BertHead {
 public:
  BertForTokenClassificationImpl(const BertConfig& c, bool post_init);
  BertOutputs Forward(const BertInputs& in) override;
  torch::nn::Dropout dropout{nullptr};
  torch::nn::Linear classifier{nullptr};
};

class BertForQuestionAnsweringImpl : public BertHead {
 public:
  BertForQuestionAnsweringImpl(const BertConfig& c, bool post_init);
  BertOutputs Forward(const BertInputs& in) override;
  torch::nn::Linear qa_outputs{nullptr};
};

struct BertPredictionHeadTransformImpl : torch::nn::Module {
  explicit BertPredictionHeadTransformImpl(const BertConfig& c);
  at::Tensor forward(const at::Tensor& x) { return LayerNorm->forward(Activate(act, dense->forward(x))); }
  torch::nn::Linear dense{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
  Activation act;
};

// cls.predictions: the transform, then a decoder whose weight is the word embeddings (tie_word_embeddings) or
// its own `decoder.weight`, plus a separate `bias`.
struct BertLMPredictionHeadImpl : torch::nn::Module {
  BertLMPredictionHeadImpl(const BertConfig& c, bool tied);
  std::shared_ptr<BertPredictionHeadTransformImpl> transform;
  torch::nn::Linear decoder{nullptr};  // only when not tied
  at::Tensor bias;
};

// cls (BertOnlyMLMHead)
struct BertOnlyMLMHeadImpl : torch::nn::Module {
  BertOnlyMLMHeadImpl(const BertConfig& c, bool tied);
  std::shared_ptr<BertLMPredictionHeadImpl> predictions;
};

class BertForMaskedLMImpl : public BertHead {
 public:
  BertForMaskedLMImpl(const BertConfig& c, bool post_init);
  BertOutputs Forward(const BertInputs& in) override;
  void InitWeights(const LoadedNames* loaded) override;
  std::vector<std::pair<std::string, std::string>> TiedParameters() const override;
  std::shared_ptr<BertOnlyMLMHeadImpl> cls;
  bool tied;

 private:
  void InitDecoder();
};

// Builds the model transformers calls `class_name`; throws listing the supported names.
std::shared_ptr<BertTask> CreateBertTask(const std::string& class_name, const BertConfig& c, bool post_init);

}  // namespace tstorch
