import type { Me } from '../types';
export function Operators({ me }: { me: Me }) {
  return <h1>Operators {me.member.role}</h1>;
}
