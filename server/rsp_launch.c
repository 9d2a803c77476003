/*
 * rsp_launch — extended-remote launch settings: QEnvironmentHexEncoded
 * QEnvironmentUnset QEnvironmentReset QSetWorkingDir QStartupWithShell
 * QDisableRandomization (gdb's `set environment', `unset environment',
 * `set cwd', `set startup-with-shell', `set disable-randomization').
 *
 * Contract: each is stored in the session's launch state and answered OK;
 * it applies from the next program started (vRun, R). A session with no
 * launch state (none in this server) answers them as unknown packets, and
 * qSupported (rsp_query.c) then does not offer them.
 */
#include <errno.h>

#include "rsp.h"

int rsp_handle_launch(struct rsp_session *s, const struct rsp_request *r)
{
	struct launch *l = s->launch;
	int err = 0;

	if (!l)
		return -ENOSYS;
	switch (r->kind) {
	case REQ_ENV_SET:
		err = launch_env_set(l, r->u.setting.text);
		break;
	case REQ_ENV_UNSET:
		launch_env_unset(l, r->u.setting.text);
		break;
	case REQ_ENV_RESET:
		launch_env_reset(l);
		break;
	case REQ_SET_CWD:
		launch_set_cwd(l, r->u.setting.text);
		break;
	case REQ_STARTUP_WITH_SHELL:
		l->startup_with_shell = r->u.flag;
		break;
	case REQ_DISABLE_RANDOMIZATION:
		l->cfg.disable_randomization = r->u.flag;
		break;
	default:
		return -ENOSYS;
	}
	if (err)
		return err;
	rsp_send_ok(s);
	return 0;
}
