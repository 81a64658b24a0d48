// Paginator and Page over an array or a QuerySet (anything with count() and
// slice()); pages are numbered from 1. A bad page number is Http404 in the views.
import { HyperError, InvalidArgument, type HyperErrorOptions } from '../core/errors';

/** A page number the paginator cannot give: not an integer, or no such page. */
export class InvalidPage extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_PAGE_INVALID', message, options);
  }
}

export class PageNotAnInteger extends InvalidPage {
  constructor(message: string) {
    super(message, { code: 'HYPER_PAGE_NOT_AN_INTEGER' });
  }
}

export class EmptyPage extends InvalidPage {
  constructor(message: string) {
    super(message, { code: 'HYPER_PAGE_EMPTY' });
  }
}

interface Sliceable<T> {
  count(): Promise<number>;
  slice(start: number, end: number): PromiseLike<T[]>;
}

export type PageSource<T> = readonly T[] | Sliceable<T>;

export class Page<T> {
  constructor(
    readonly objectList: T[],
    readonly number: number,
    readonly paginator: Paginator<T>,
  ) {}
  hasNext(): boolean {
    return this.number < this.paginator.numPages;
  }
  hasPrevious(): boolean {
    return this.number > 1;
  }
  hasOtherPages(): boolean {
    return this.hasNext() || this.hasPrevious();
  }
  nextPageNumber(): number {
    if (!this.hasNext()) throw new EmptyPage('That page contains no results');
    return this.number + 1;
  }
  previousPageNumber(): number {
    if (!this.hasPrevious()) throw new EmptyPage('That page number is less than 1');
    return this.number - 1;
  }
  /** 1-based index of the first object on this page. */
  startIndex(): number {
    return this.paginator.count === 0 ? 0 : this.paginator.perPage * (this.number - 1) + 1;
  }
  endIndex(): number {
    return this.number === this.paginator.numPages ? this.paginator.count : this.number * this.paginator.perPage;
  }
  get length(): number {
    return this.objectList.length;
  }
  [Symbol.iterator](): Iterator<T> {
    return this.objectList[Symbol.iterator]();
  }
}

export class Paginator<T> {
  count = 0;
  numPages = 1;
  private counted = false;

  constructor(
    readonly objectList: PageSource<T>,
    readonly perPage: number,
    readonly orphans = 0,
    readonly allowEmptyFirstPage = true,
  ) {
    if (!Number.isInteger(perPage) || perPage < 1) throw new InvalidArgument('HYPER_PAGINATOR_BAD_PER_PAGE', `new Paginator(list, perPage): perPage must be a positive integer, got ${String(perPage)}.`);
  }

  private async ensureCount(): Promise<void> {
    if (this.counted) return;
    this.count = Array.isArray(this.objectList) ? this.objectList.length : await (this.objectList as Sliceable<T>).count();
    const hits = Math.max(1, this.count - this.orphans);
    this.numPages = this.count === 0 && !this.allowEmptyFirstPage ? 0 : Math.ceil(hits / this.perPage) || 1;
    this.counted = true;
  }

  get pageRange(): number[] {
    return Array.from({ length: this.numPages }, (_, i) => i + 1);
  }

  async validateNumber(value: unknown): Promise<number> {
    await this.ensureCount();
    const n = typeof value === 'number' ? value : Number(String(value ?? ''));
    if (!Number.isInteger(n)) throw new PageNotAnInteger('That page number is not an integer');
    if (n < 1) throw new EmptyPage('That page number is less than 1');
    if (n > this.numPages && !(n === 1 && this.allowEmptyFirstPage)) throw new EmptyPage('That page contains no results');
    return n;
  }

  async page(value: unknown): Promise<Page<T>> {
    const n = await this.validateNumber(value);
    const bottom = (n - 1) * this.perPage;
    let top = bottom + this.perPage;
    if (top + this.orphans >= this.count) top = this.count;
    const items = Array.isArray(this.objectList) ? this.objectList.slice(bottom, top) : await (this.objectList as Sliceable<T>).slice(bottom, top);
    return new Page([...items], n, this);
  }
}
