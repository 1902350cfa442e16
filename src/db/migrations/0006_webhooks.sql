-- Webhooks: portals subscribe to publish/unpublish events of an area and object classes. A
-- dispatcher job turns the delta feed into one delivery per event and subscription (exactly once:
-- the subscription's feed position moves in the same transaction); deliveries are jobs with retries.
CREATE TABLE webhook_subscriptions (
  id            uuid PRIMARY KEY,
  tenant_id     text NOT NULL REFERENCES tenants(id),
  url           text NOT NULL CHECK (url ~ '^https?://'),
  secret        text NOT NULL,
  ars_prefix    text CHECK (ars_prefix ~ '^\d{1,12}$'),
  klassen       text[] NOT NULL DEFAULT '{}',
  active        boolean NOT NULL DEFAULT true,
  feed_xid      text NOT NULL,
  feed_seq      bigint NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text NOT NULL
);

CREATE TABLE webhook_deliveries (
  id               uuid PRIMARY KEY,
  subscription_id  uuid NOT NULL REFERENCES webhook_subscriptions(id) ON DELETE CASCADE,
  event            jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  last_status      integer,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz
);
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, created_at);
