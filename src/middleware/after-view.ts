// The shape of the response decorators (xframeOptionsExempt, cspOverride, ...): a NEW
// view that passes each response of the old one through `after`. A mark on the
// response, never on the view function, so the same function routed elsewhere
// without the decorator keeps the site-wide behaviour.
import { wraps } from '../core/wraps';
import { BaseResponse } from '../http/response';
import type { Request } from '../http/request';

export type View<P extends unknown[]> = (request: Request, ...rest: P) => BaseResponse | Promise<BaseResponse>;

export function afterView<P extends unknown[]>(view: View<P>, after: (response: BaseResponse) => BaseResponse): View<P> {
  const wrapped = (request: Request, ...rest: P) => {
    const result = view(request, ...rest);
    return result instanceof BaseResponse ? after(result) : result.then(after);
  };
  // The view's name and what other decorators marked on it (csrfExempt, asView's viewClass).
  return wraps(view, wrapped);
}
