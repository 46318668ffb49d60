-- Until now the intake stored a cart event's `order` (the cart's contents) as an order with the
-- event's type as its status: a cart counted in orders.count, the winback recipe's "unfinished
-- transaction", lifecycle and attribution as if it were a purchase. The intake no longer does
-- (app/ingest-events.ts orderOfEvent); these are the rows it made. Only rows that no other event
-- named and that were never paid: an order a real order event also touched is a purchase and stays.
-- Events keep their payload (the cart a journey reads) and lose only the link (on delete set null);
-- RFM and lifecycle are repaired by their next full run.
DELETE FROM orders o
WHERE o.status IN ('cart.abandoned', 'cart.recovered') AND o.paid_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM events e WHERE e.order_id = o.id AND e.type NOT IN ('cart.abandoned', 'cart.recovered'));
