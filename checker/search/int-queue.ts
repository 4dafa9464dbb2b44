/** A first-in first-out queue of 32-bit integers in a ring that grows when full. */
const INITIAL_CAPACITY = 1 << 10;

export class IntQueue {
  private buf = new Int32Array(INITIAL_CAPACITY);
  private head = 0;
  private n = 0;

  get length(): number {
    return this.n;
  }

  /** Bytes held. */
  get memoryBytes(): number {
    return this.buf.byteLength;
  }

  push(v: number): void {
    if (this.n === this.buf.length) {
      const b = new Int32Array(this.buf.length * 2);
      for (let i = 0; i < this.n; i++) b[i] = this.buf[(this.head + i) % this.buf.length];
      this.buf = b;
      this.head = 0;
    }
    this.buf[(this.head + this.n) % this.buf.length] = v;
    this.n++;
  }

  shift(): number {
    if (this.n === 0) throw new Error('empty queue');
    const v = this.buf[this.head];
    this.head = (this.head + 1) % this.buf.length;
    this.n--;
    return v;
  }
}
