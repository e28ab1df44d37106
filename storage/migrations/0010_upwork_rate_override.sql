-- Issue 16, point 4: the manager may override the Upwork side of a contract's rates (F10's
-- "prefilled", not fixed). An override is one more rate history on the same table, side
-- 'upwork_override': from its effective_from on it replaces Upwork's rate; a step with a
-- NULL rate ends the override (Upwork's own history applies again from that day).
-- Upwork's side ('upwork') stays exactly what hourlyTerms says: a refresh replaces only it.
ALTER TABLE upwork_contract_rates DROP CONSTRAINT upwork_contract_rates_side_check;
ALTER TABLE upwork_contract_rates ADD CONSTRAINT upwork_contract_rates_side_check
  CHECK (side IN ('upwork', 'upwork_override', 'pay', 'bill'));
