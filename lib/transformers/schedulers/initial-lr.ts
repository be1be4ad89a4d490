import type { SchedulableParamGroup } from './types.js';

// PyTorch keeps each group's starting lr in `group['initial_lr']` (set once with `setdefault`, so a second
// scheduler on the same optimizer starts from the same base). We write it onto the group as well, so that
// code reading `group.initial_lr` sees it; a frozen/sealed group falls back to this side table.
const sideTable = new WeakMap<object, number>();

export function getInitialLr(group: SchedulableParamGroup): number | undefined {
  const own = (group as unknown as Record<string, unknown>).initial_lr;
  if (typeof own === 'number') return own;
  return sideTable.get(group);
}

/** `group.setdefault('initial_lr', group['lr'])`: returns the stored value. */
export function setDefaultInitialLr(group: SchedulableParamGroup): number {
  const existing = getInitialLr(group);
  if (existing !== undefined) return existing;
  const lr = group.lr;
  if (Object.isExtensible(group)) (group as unknown as Record<string, unknown>).initial_lr = lr;
  else sideTable.set(group, lr);
  return lr;
}
