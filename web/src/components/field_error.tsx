// A refused change, beside the field it belongs to; the field points at it with
// aria-describedby so that a screen reader reads the reason with the field.
import { Alert } from './alert';

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return <Alert id={id} message={message} />;
}

/// The attributes a field takes when it may carry a refusal.
export function described(id: string, message: string | undefined) {
  return message ? { 'aria-invalid': true as const, 'aria-describedby': id } : {};
}
