-- Roles an account holds (space-separated), released as the "roles" claim so relying parties
-- (the servlet filter's isUserInRole) can authorise. Managed through SCIM's "roles" attribute.
ALTER TABLE users ADD COLUMN roles VARCHAR(1000);
