// The optimizer base: param groups with a live `lr` (schedulers set it), step/zeroGrad in one native call each,
// and PyTorch-layout state dicts (`state` by flat parameter index, `param_groups` with their options).
import { native, type Handle } from '../native.js';
import { checkOptions } from '../options.js';
import { Tensor } from '../tensor.js';

/** Options every optimizer's param group may carry; each optimizer documents its own. */
export interface GroupOptions {
  lr?: number;
  weightDecay?: number;
}
export type ParamsOrGroups<O> = Iterable<Tensor> | (O & { params: Iterable<Tensor> })[];

/** A param group: its tensors, a live learning rate, and the group's other options (read-only). */
export class ParamGroup<O extends GroupOptions = GroupOptions> {
  /** Set by schedulers on first use, as in PyTorch. */
  initial_lr?: number;
  constructor(
    private readonly optimizer: Handle,
    private readonly index: number,
    readonly params: Tensor[],
    readonly options: Readonly<O>,
  ) {}
  get lr(): number {
    return native.optimGetLr(this.optimizer, this.index);
  }
  set lr(value: number) {
    native.optimSetLr(this.optimizer, this.index, value);
  }
}

export interface OptimizerStateDict {
  state: Record<number, Record<string, Tensor | number>>;
  param_groups: (Record<string, unknown> & { lr: number; params: number[] })[];
}

/** The options actually given: `{ weightDecay: undefined }` keeps the default, as an omitted key does. */
export function givenOptions<O extends object>(options: O): Partial<O> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<O>;
}

function toGroups<O>(params: ParamsOrGroups<O>, defaults: O, where: string): (O & { params: Tensor[] })[] {
  if (params === null || typeof params !== 'object' || typeof (params as Iterable<unknown>)[Symbol.iterator] !== 'function')
    throw new TypeError(`${where}: params must be an iterable of Tensors (e.g. model.parameters()) or of param groups ({ params, ...options }), got ${params === null ? 'null' : typeof params}`);
  const list = Array.from(params as Iterable<Tensor | (O & { params: Iterable<Tensor> })>);
  if (list.length === 0) throw new Error(`${where}: optimizer got an empty parameter list`);
  if (list.every((p) => p instanceof Tensor)) return [{ ...defaults, params: list as Tensor[] }];
  return list.map((g, i) => {
    if (g instanceof Tensor || typeof g !== 'object' || g === null || !('params' in g))
      throw new TypeError(`optimizer params must be Tensors or param groups ({ params, ...options }); element ${i} is neither`);
    const params = Array.from(g.params);
    params.forEach((p, k) => {
      if (!(p instanceof Tensor)) throw new TypeError(`param group ${i}: params[${k}] is not a Tensor`);
    });
    return { ...defaults, ...givenOptions(g), params };
  });
}

export abstract class Optimizer<O extends GroupOptions = GroupOptions> {
  /** @internal */
  readonly _h: Handle;
  readonly paramGroups: ParamGroup<O>[];
  readonly defaults: Readonly<O>;

  protected constructor(kind: 'adamw' | 'adam' | 'sgd', params: ParamsOrGroups<O>, defaults: O, validate: (o: O, where: string) => void) {
    this.defaults = defaults;
    const groups = toGroups(params, defaults, this.constructor.name);
    groups.forEach((g, i) => validate(g, `${this.constructor.name} ${groups.length > 1 ? `param group ${i}` : 'options'}`));
    this._h = native.optimCreate(kind, groups.map((g) => ({ ...this.nativeOptions(g), params: g.params.map((p) => p._h) })));
    this.paramGroups = groups.map(({ params: ps, ...options }, i) => new ParamGroup<O>(this._h, i, ps, options as unknown as O));
  }

  /** The group options in the shape the addon reads (see cpp/optim.cc). */
  protected abstract nativeOptions(group: O): Record<string, number | boolean | undefined>;

  /** Applies one update to every parameter that has a gradient. */
  step(): void {
    this.checkLive('step');
    native.optimStep(this._h);
  }

  /** Clears gradients; `setToNone` (the default, as in PyTorch 2) drops them instead of zeroing. */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    checkOptions(`${this.constructor.name}.zeroGrad`, options, ['setToNone']);
    this.checkLive('zeroGrad');
    native.optimZeroGrad(this._h, options.setToNone ?? true);
  }

  /**
   * The native optimizer holds its own references to the parameters, so after `x.dispose()` or `model.dispose()`
   * it would go on updating memory nobody can read: a disposed parameter is an error instead.
   */
  private checkLive(method: string): void {
    this.paramGroups.forEach((group, g) =>
      group.params.forEach((p, k) => {
        if (p.isDisposed)
          throw new Error(`${this.constructor.name}.${method}: tensor was disposed: parameter ${k} of param group ${g} (by x.dispose() or model.dispose()); create the optimizer over live parameters`);
      }),
    );
  }

  stateDict(): OptimizerStateDict {
    const state: OptimizerStateDict['state'] = {};
    const param_groups: OptimizerStateDict['param_groups'] = [];
    let index = 0;
    this.paramGroups.forEach((group, g) => {
      const ids: number[] = [];
      group.params.forEach((_, k) => {
        const s = native.optimGetState(this._h, g, k) as Record<string, Handle | number | null> | null;
        if (s) {
          const entry: Record<string, Tensor | number> = {};
          for (const [key, v] of Object.entries(s)) if (v !== null) entry[key] = typeof v === 'number' ? v : new Tensor(v);
          state[index] = entry;
        }
        ids.push(index++);
      });
      param_groups.push({ ...snakeCase(group.options as Record<string, unknown>), lr: group.lr, ...(group.initial_lr === undefined ? {} : { initial_lr: group.initial_lr }), params: ids });
    });
    return { state, param_groups };
  }

  loadStateDict(stateDict: OptimizerStateDict): void {
    const groups = stateDict?.param_groups;
    if (!Array.isArray(groups) || groups.length !== this.paramGroups.length)
      throw new Error(`loadStateDict: the state dict has ${groups?.length ?? 'no'} param groups, this optimizer has ${this.paramGroups.length}`);
    groups.forEach((saved, g) => {
      const group = this.paramGroups[g]!;
      if (saved.params.length !== group.params.length)
        throw new Error(`loadStateDict: param group ${g} has ${saved.params.length} parameters in the state dict, ${group.params.length} here`);
      group.lr = saved.lr;
      if (typeof saved.initial_lr === 'number') group.initial_lr = saved.initial_lr;
      saved.params.forEach((id, k) => {
        const s = stateDict.state[id];
        if (s) native.optimSetState(this._h, g, k, Object.fromEntries(Object.entries(s).map(([key, v]) => [key, v instanceof Tensor ? v._h : v])));
      });
    });
  }
}

function snakeCase(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
}

export function checkNumber(value: unknown, name: string, where: string, min = 0): void {
  if (typeof value !== 'number' || !(value >= min)) throw new RangeError(`${where}: ${name} must be a number >= ${min}, got ${String(value)}`);
}
