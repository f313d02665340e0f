import { formatMoney } from '../../domain/money.ts';
import { isWinAnsi } from './win-ansi.ts';

/** Money as Helvetica can draw it: a symbol outside WinAnsi ("₹") gives way to the ISO code. */
export function money(minor: number, currency: string): string {
  const shown = formatMoney(minor, currency);
  if ([...shown].every((c) => isWinAnsi(c.codePointAt(0)!))) return shown;
  return `${currency} ${shown.replace(/[^\x20-\x7e]/g, '').trim()}`;
}

export function percent(rate: number): string {
  return `${rate}%`;
}
