// How times, hours and names read on the page; one place so every page says them alike.
import type { OrganizationType } from './types';

export function dateTime(iso: string | null): string {
  if (!iso) return 'never';
  const d = new Date(iso);
  return isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function time(iso: string): string {
  const d = new Date(iso);
  return isNaN(d.getTime()) ? iso : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/// How long from one time to another: tenths of a second under ten seconds ("0.4 s"),
/// then whole units ("12 s", "3 min 5 s", "23 min", "2 h 10 min"); empty when either time
/// does not parse.
export function duration(fromIso: string, toIso: string): string {
  const ms = new Date(toIso).getTime() - new Date(fromIso).getTime();
  if (isNaN(ms)) return '';
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  const whole = Math.round(s);
  if (whole < 60) return `${whole} s`;
  const two = (n: number, unit: string, rest: number, restUnit: string) =>
    rest ? `${n} ${unit} ${rest} ${restUnit}` : `${n} ${unit}`;
  if (whole < 3600) return two(Math.floor(whole / 60), 'min', whole % 60, 's');
  return two(Math.floor(whole / 3600), 'h', Math.floor((whole % 3600) / 60), 'min');
}

export function hours(seconds: number): string {
  return (seconds / 3600).toFixed(2);
}

export const typeName: Record<OrganizationType, string> = {
  agency: 'Agency',
  client: 'Client',
  freelancer: 'Freelancer',
};

/// The side of a contract's rates that Upwork sets (F10): bill for agencies and
/// freelancers, pay for clients. The manager enters the other one.
export function upworkSide(type: OrganizationType): 'pay' | 'bill' {
  return type === 'client' ? 'pay' : 'bill';
}
