// Time zones (Django's django.utils.timezone). Instants are Dates; with USE_TZ they
// are shown in the current zone: the one activate() chose for this request (or async
// flow), else TIME_ZONE. Public as 'hyperdjango/utils/timezone'; see docs/templates.md.
import { AsyncLocalStorage } from 'node:async_hooks';
import { InvalidArgument, UnknownTimeZone } from '../core/errors';
import { settings, settingsConfigured } from './settings';

interface ZoneScope {
  zone: string | undefined;
}

const storage = new AsyncLocalStorage<ZoneScope>();
// Async context tracking costs every promise something, so requests get their own
// scope only once some code has activated a zone (see requestScope()).
let scoping = false;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The cached formatter of a zone's wall-clock fields; throws UnknownTimeZone for a bad name. */
function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
      });
    } catch {
      throw new UnknownTimeZone(`Unknown time zone '${zone}': use an IANA name such as 'UTC', 'Europe/Paris' or 'America/New_York'.`);
    }
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** An instant seen in a time zone: its wall-clock fields and UTC offset (Django's aware datetime). */
export class ZonedDateTime {
  readonly year: number;
  /** 1-12. */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** 0 (Sunday) to 6. */
  readonly weekday: number;
  /** Minutes east of UTC. */
  readonly offset: number;

  constructor(
    readonly instant: Date,
    readonly timeZone: string,
  ) {
    const time = instant.getTime();
    if (Number.isNaN(time)) throw new InvalidArgument('HYPER_TIME_INVALID_DATE', 'localtime() of an invalid Date: pass a Date whose getTime() is a number (new Date(text) of text it cannot parse is not).');
    const f = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, bc: false };
    for (const part of formatterOf(timeZone).formatToParts(instant)) {
      if (part.type === 'era') f.bc = part.value === 'BC';
      else if (part.type in f) (f as Record<string, number | boolean>)[part.type] = Number(part.value);
    }
    this.year = f.bc ? 1 - f.year : f.year;
    this.month = f.month;
    this.day = f.day;
    this.hour = f.hour;
    this.minute = f.minute;
    this.second = f.second;
    this.millisecond = ((time % 1000) + 1000) % 1000;
    const wall = utcOf(this.year, this.month, this.day, this.hour, this.minute, this.second, this.millisecond);
    this.offset = Math.round((wall - time) / 60000);
    this.weekday = new Date(wall).getUTCDay();
  }

  getTime(): number {
    return this.instant.getTime();
  }

  /** Comparisons (<, >) compare instants. */
  valueOf(): number {
    return this.instant.getTime();
  }

  /** ISO 8601 with the offset: 2026-03-08T03:30:00-04:00. */
  toString(): string {
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    const ms = this.millisecond ? `.${p(this.millisecond, 3)}` : '';
    return `${p(this.year, 4)}-${p(this.month)}-${p(this.day)}T${p(this.hour)}:${p(this.minute)}:${p(this.second)}${ms}${formatOffset(this.offset, true)}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

function utcOf(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  d.setUTCFullYear(year); // Date.UTC maps years 0-99 to 1900-1999
  return d.getTime();
}

/** '+09:00' (or '+0900' without the colon). */
export function formatOffset(minutes: number, colon: boolean): string {
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${sign}${p(Math.floor(abs / 60))}${colon ? ':' : ''}${p(abs % 60)}`;
}

/** TIME_ZONE ('UTC' when no settings are configured). */
export function getDefaultTimezone(): string {
  return settingsConfigured() ? settings.TIME_ZONE : 'UTC';
}

/** The zone activate() chose for this request or async flow, else TIME_ZONE. */
export function getCurrentTimezone(): string {
  return storage.getStore()?.zone ?? getDefaultTimezone();
}

/** The activated zone, or undefined (Django's get_current_timezone_name() before activate). */
export function getActiveTimezone(): string | undefined {
  return storage.getStore()?.zone;
}

/**
 * Shows dates in `zone` for the rest of this request (or of the current async flow
 * outside one); other requests are not affected. Throws UnknownTimeZone for a bad name.
 */
export function activate(zone: string): void {
  formatterOf(zone);
  scoping = true;
  const scope = storage.getStore();
  if (scope) scope.zone = zone;
  else storage.enterWith({ zone });
}

/** Back to TIME_ZONE for the rest of this request or async flow. */
export function deactivate(): void {
  const scope = storage.getStore();
  if (scope) scope.zone = undefined;
}

/** Runs fn with `zone` current (null: TIME_ZONE), restoring the previous zone after, even across awaits. */
export function override<T>(zone: string | null, fn: () => T): T {
  if (zone !== null) formatterOf(zone);
  scoping = true;
  return storage.run({ zone: zone ?? undefined }, fn);
}

/**
 * Runs one request in its own scope, so that activate() inside it stays inside it.
 * Until a zone is activated anywhere, requests run as they are (no context cost).
 */
export function requestScope<A, T>(fn: (arg: A) => T, arg: A): T {
  return scoping ? storage.run({ zone: undefined }, fn, arg) : fn(arg);
}

/** The current instant (Django's timezone.now(); a Date is always an instant). */
export function now(): Date {
  return new Date();
}

/** An instant's wall-clock fields in `zone`, by default the current zone (Django's localtime()). */
export function localtime(value: Date | number | ZonedDateTime = new Date(), zone: string = getCurrentTimezone()): ZonedDateTime {
  const instant = value instanceof ZonedDateTime ? value.instant : value instanceof Date ? value : new Date(value);
  return new ZonedDateTime(instant, zone);
}

/**
 * The zone the template filters display instants in: the current zone with USE_TZ,
 * null (the process's local time) without it. Without configured settings only an
 * activated zone counts, so the standalone template engine keeps local time.
 */
export function displayTimezone(): string | null {
  if (!settingsConfigured()) return getActiveTimezone() ?? null;
  return settings.USE_TZ ? getCurrentTimezone() : null;
}
