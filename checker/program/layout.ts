/** Slot allocation: names, domains, initial values. */
export class Layout {
  readonly names: string[] = [];
  readonly domains: number[] = [];
  readonly inits: number[] = [];
  readonly valueNames: (readonly string[] | null)[] = [];
  /** Slots whose value names a thread (0 = none, t + 1 = thread t): permuted by symmetry. */
  readonly threadRefs = new Set<number>();

  /** A slot with values 0..domain-1, or named values. */
  slot(name: string, domain: number | readonly string[], init = 0): number {
    if (this.names.includes(name)) throw new Error(`slot ${name} declared twice`);
    const size = typeof domain === 'number' ? domain : domain.length;
    if (size < 1 || size > 256) throw new Error(`slot ${name}: domain ${size} does not fit a byte`);
    if (init < 0 || init >= size) throw new Error(`slot ${name}: initial value ${init} outside its domain`);
    this.names.push(name);
    this.domains.push(size);
    this.inits.push(init);
    this.valueNames.push(typeof domain === 'number' ? null : domain);
    return this.names.length - 1;
  }

  /** A slot holding a thread or none (a lock's holder): values 'none', then the threads. */
  threadSlot(name: string, threadNames: readonly string[]): number {
    const slot = this.slot(name, ['none', ...threadNames]);
    this.threadRefs.add(slot);
    return slot;
  }

  get size(): number {
    return this.names.length;
  }

  show(slot: number, v: number): string | number {
    const names = this.valueNames[slot];
    return names ? (names[v] ?? `?${v}`) : v;
  }
}
