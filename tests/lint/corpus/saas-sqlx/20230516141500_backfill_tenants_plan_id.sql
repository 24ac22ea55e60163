-- schemashift:ignore-file unbatched-data-change -- ~1.2k tenants, reviewed in BILL-240
UPDATE tenants t
   SET plan_id = coalesce(
           (SELECT s.plan_id FROM subscriptions s
             WHERE s.tenant_id = t.id AND s.status = 'active'
             ORDER BY s.started_at DESC LIMIT 1),
           'free');

ALTER TABLE tenants VALIDATE CONSTRAINT tenants_plan_id_fkey;
