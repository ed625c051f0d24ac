/** Keeps the last `limit` characters written to it (a child's output, for revert reasons). */
export class OutputTail {
  #text = '';

  constructor(private readonly limit = 16_384) {}

  push(chunk: string): void {
    this.#text = (this.#text + chunk).slice(-this.limit);
  }

  text(): string {
    return this.#text;
  }

  clear(): void {
    this.#text = '';
  }
}
