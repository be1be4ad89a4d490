// A base class whose instances are functions: `tokenizer(texts, options)` calls `instance._call(...)`, and the
// instance keeps its class's methods and fields (the prototype of the function is the class prototype).
export abstract class Callable<Args extends unknown[], Result> {
  constructor() {
    const closure = function (...args: Args): Result {
      return (closure as unknown as Callable<Args, Result>)._call(...args);
    };
    return Object.setPrototypeOf(closure, new.target.prototype) as Callable<Args, Result>;
  }

  protected abstract _call(...args: Args): Result;
}

// Instances are functions: keep call/apply/bind (and `instanceof Function`) on their prototype chain.
Object.setPrototypeOf(Callable.prototype, Function.prototype);
