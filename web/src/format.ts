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
