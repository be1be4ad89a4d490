import { describe, expect, it } from 'vitest';
import { TrainingArguments } from 'tstorch/transformers';

describe('TrainingArguments', () => {
  it("has transformers' defaults and writes to_dict's snake_case keys", () => {
    const a = new TrainingArguments({ outputDir: 'out' });
    expect(a.numTrainEpochs).toBe(3);
    expect(a.maxSteps).toBe(-1);
    expect(a.perDeviceTrainBatchSize).toBe(8);
    expect(a.learningRate).toBe(5e-5);
    expect(a.weightDecay).toBe(0);
    expect(a.maxGradNorm).toBe(1);
    expect(a.lrSchedulerType).toBe('linear');
    expect(a.loggingSteps).toBe(500);
    expect(a.saveStrategy).toBe('steps');
    expect(a.seed).toBe(42);
    expect(a.removeUnusedColumns).toBe(true);
    expect(a.optim).toBe('adamw_torch');
    expect(a.reportTo).toEqual([]);
    expect(a.runName).toBe('out');
    const json = a.toJSON();
    expect(Object.keys(json).slice(0, 3)).toEqual(['output_dir', 'overwrite_output_dir', 'do_train']);
    expect(json).toMatchObject({ per_device_train_batch_size: 8, adam_beta1: 0.9, adam_beta2: 0.999, max_grad_norm: 1, lr_scheduler_type: 'linear', bf16: false, fp16: false, eval_strategy: 'no', dataloader_drop_last: false });
  });

  it('rejects unknown options, naming a renamed one', () => {
    expect(() => new TrainingArguments({ outputDir: 'o', learningrate: 1 } as never)).toThrow(/unknown option 'learningrate'/);
    expect(() => new TrainingArguments({ outputDir: 'o', evaluationStrategy: 'epoch' } as never)).toThrow(/did you mean 'evalStrategy'/);
    expect(() => new TrainingArguments({} as never)).toThrow(/outputDir/);
  });

  it('checks types and ranges per option', () => {
    expect(() => new TrainingArguments({ outputDir: 'o', perDeviceTrainBatchSize: 0 })).toThrow(/perDeviceTrainBatchSize must be an integer >= 1/);
    expect(() => new TrainingArguments({ outputDir: 'o', warmupRatio: 1.5 })).toThrow(/warmupRatio/);
    expect(() => new TrainingArguments({ outputDir: 'o', evalStrategy: 'sometimes' as never })).toThrow(/evalStrategy must be one of 'no', 'steps', 'epoch'/);
    expect(() => new TrainingArguments({ outputDir: 'o', lrSchedulerType: 'exponential' as never })).toThrow(/lrSchedulerType 'exponential' is not valid/);
    expect(() => new TrainingArguments({ outputDir: 'o', loggingSteps: 2.5 })).toThrow(/loggingSteps must be an integer if bigger than 1/);
  });

  it('applies the __post_init__ rules of transformers', () => {
    const steps = new TrainingArguments({ outputDir: 'o', evalStrategy: 'steps', loggingSteps: 50 });
    expect(steps.evalSteps).toBe(50);
    expect(steps.doEval).toBe(true);
    expect(() => new TrainingArguments({ outputDir: 'o', loadBestModelAtEnd: true, evalStrategy: 'epoch' })).toThrow(
      /loadBestModelAtEnd requires the save and eval strategy to match, but found\n- Evaluation strategy: epoch\n- Save strategy: steps/,
    );
    expect(() => new TrainingArguments({ outputDir: 'o', loadBestModelAtEnd: true, evalStrategy: 'steps', evalSteps: 30, saveSteps: 50 })).toThrow(/round multiple/);
    const best = new TrainingArguments({ outputDir: 'o', loadBestModelAtEnd: true, evalStrategy: 'epoch', saveStrategy: 'epoch' });
    expect(best.metricForBestModel).toBe('loss');
    expect(best.greaterIsBetter).toBe(false);
    expect(new TrainingArguments({ outputDir: 'o', metricForBestModel: 'accuracy' }).greaterIsBetter).toBe(true);
    expect(() => new TrainingArguments({ outputDir: 'o', lrSchedulerType: 'reduce_lr_on_plateau' })).toThrow(/requires an eval strategy/);
  });

  it('warmup steps: warmupSteps wins, else ceil(total * warmupRatio)', () => {
    expect(new TrainingArguments({ outputDir: 'o', warmupRatio: 0.1 }).getWarmupSteps(25)).toBe(3);
    expect(new TrainingArguments({ outputDir: 'o', warmupRatio: 0.1, warmupSteps: 7 }).getWarmupSteps(25)).toBe(7);
  });

  it('says clearly what mixed precision, optimizers and reporters are not available', () => {
    expect(() => new TrainingArguments({ outputDir: 'o', fp16: true, useCpu: true })).toThrow(/FP16 Mixed precision training with AMP .* can only be used on CUDA devices/);
    expect(new TrainingArguments({ outputDir: 'o', bf16: true, useCpu: true }).bf16).toBe(true);
    expect(() => new TrainingArguments({ outputDir: 'o', fp16: true, bf16: true })).toThrow(/At most one of fp16 and bf16/);
    expect(() => new TrainingArguments({ outputDir: 'o', optim: 'adafactor' })).toThrow(/optim 'adafactor' is not supported/);
    expect(() => new TrainingArguments({ outputDir: 'o', reportTo: 'tensorboard' as never })).toThrow(/no maintained TensorBoard event writer/);
    expect(() => new TrainingArguments({ outputDir: 'o', reportTo: 'wandb' as never })).toThrow(/reportTo 'wandb' is not supported/);
    expect(new TrainingArguments({ outputDir: 'o', reportTo: 'all' }).reportTo).toEqual(['jsonl']);
  });
});
