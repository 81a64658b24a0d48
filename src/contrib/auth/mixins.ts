// Access mixins for class-based views, as Django's: `class Drafts extends
// LoginRequiredMixin(ListView) { ... }`, PermissionRequiredMixin with
// `permissionRequired = 'blog.change_post'`, UserPassesTestMixin with testFunc().
import { ImproperlyConfigured } from '../../core/errors';
import { PermissionDenied } from '../../http/errors';
import type { Request } from '../../http/request';
import type { BaseResponse } from '../../http/response';
import type { View } from '../../views/view';
import { redirectToLogin, userHasPerms } from './decorators';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a mixin's base class must take (...args: any[]) (TS2545)
type ViewClass = new (...args: any[]) => View;
type Params = Record<string, unknown>;

/** What every access mixin shares: where to send users who may not see the view. */
export function AccessMixin<B extends ViewClass>(Base: B) {
  class Access extends Base {
    loginUrl: string | null = null;
    permissionDeniedMessage = '';
    raiseException = false;
    redirectFieldName: string | null = 'next';

    /** 403 for logged-in users or with raiseException, else the login page. */
    handleNoPermission(): BaseResponse {
      const user = this.request.user as { isAuthenticated?: boolean } | undefined;
      if (this.raiseException || user?.isAuthenticated) throw new PermissionDenied(this.permissionDeniedMessage || undefined);
      return redirectToLogin(this.request, { loginUrl: this.loginUrl ?? undefined, redirectFieldName: this.redirectFieldName });
    }
  }
  return Access;
}

export function LoginRequiredMixin<B extends ViewClass>(Base: B) {
  class LoginRequired extends AccessMixin(Base) {
    async dispatch(request: Request, params: Params): Promise<BaseResponse> {
      if ((request.user as { isAuthenticated?: boolean } | undefined)?.isAuthenticated !== true) return this.handleNoPermission();
      return super.dispatch(request, params);
    }
  }
  return LoginRequired;
}

export function PermissionRequiredMixin<B extends ViewClass>(Base: B) {
  class PermissionRequired extends AccessMixin(Base) {
    /** One permission or a list, all required: 'blog.change_post'. */
    permissionRequired: string | string[] | null = null;

    getPermissionRequired(): string[] {
      if (this.permissionRequired === null) {
        throw new ImproperlyConfigured(`${this.constructor.name} is missing the permissionRequired attribute. Define it, or override getPermissionRequired().`, { code: 'HYPER_AUTH_PERMISSION_REQUIRED_MISSING' });
      }
      return typeof this.permissionRequired === 'string' ? [this.permissionRequired] : this.permissionRequired;
    }

    async hasPermission(): Promise<boolean> {
      return userHasPerms(this.request.user, this.getPermissionRequired());
    }

    async dispatch(request: Request, params: Params): Promise<BaseResponse> {
      if (!(await this.hasPermission())) return this.handleNoPermission();
      return super.dispatch(request, params);
    }
  }
  return PermissionRequired;
}

export function UserPassesTestMixin<B extends ViewClass>(Base: B) {
  class UserPassesTest extends AccessMixin(Base) {
    testFunc(): boolean | Promise<boolean> {
      throw new ImproperlyConfigured(`${this.constructor.name} is missing the implementation of testFunc(): override it to return whether request.user may see the view.`, { code: 'HYPER_AUTH_TEST_FUNC_MISSING' });
    }

    async dispatch(request: Request, params: Params): Promise<BaseResponse> {
      if (!(await this.testFunc())) return this.handleNoPermission();
      return super.dispatch(request, params);
    }
  }
  return UserPassesTest;
}
