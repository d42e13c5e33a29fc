"""The cooperatives' registers are not in the back office: share events, credit transfers and survey
answers change only through their pages, where the register's rules, the permissions (a cooperative's
officers, its district's administrators) and the audit trail apply. (Every model registered in the
back office must use web.admin_scopes.ScopedAdmin; see tests/web/test_admin_scopes.py.)"""
