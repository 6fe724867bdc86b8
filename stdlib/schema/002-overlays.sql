-- 002-overlays.sql -- decisions made under a municipal overlay.
--
-- overlay_name is filled from the report's overlay.name (the overlay that
-- decided the case; NULL under the national rules alone).  A decision whose
-- overlay hook failed is stored like any other: its JSON says which hook
-- failed and why (overlay.hooks), and the national result stands.
ALTER TABLE decisions ADD COLUMN overlay_name TEXT;
CREATE INDEX decisions_by_overlay ON decisions(overlay_name) WHERE overlay_name IS NOT NULL;
