// Clickjacking protection (Django's XFrameOptionsMiddleware): every response gets
// X-Frame-Options from the X_FRAME_OPTIONS setting ('DENY' by default) unless it has
// one already or its view is wrapped in xframeOptionsExempt().
import { settings } from '../conf/settings';
import { PresetHeaders } from '../http/headers';
import { BaseResponse } from '../http/response';
import type { Middleware } from '../http/types';
import { afterView, type View } from './after-view';

// Responses of exempt views.
const exempt = new WeakSet<BaseResponse>();

function frameHeader(response: BaseResponse, value: string): BaseResponse {
  if (!exempt.has(response) && !response.headers.has('x-frame-options')) response.headers.set('x-frame-options', value);
  return response;
}

export const xframeOptionsMiddleware: Middleware = (getResponse) => {
  // Checked once here, not for every response.
  const preset = new PresetHeaders([['x-frame-options', settings.X_FRAME_OPTIONS.toUpperCase()]]);
  const add = (response: BaseResponse) => (exempt.has(response) ? response : response.headers.setDefaults(preset) && response);
  // Not async: a synchronous answer from inside stays synchronous (no promise hop).
  return (request) => {
    const result = getResponse(request);
    return result instanceof BaseResponse ? add(result) : result.then(add);
  };
};

/** A new view whose responses the clickjacking middleware leaves without X-Frame-Options. */
export function xframeOptionsExempt<P extends unknown[]>(view: View<P>): View<P> {
  const mark = (response: BaseResponse) => {
    exempt.add(response);
    return response;
  };
  return afterView(view, mark);
}

/** A new view whose responses say X-Frame-Options: DENY (unless the view set the header). */
export function xframeOptionsDeny<P extends unknown[]>(view: View<P>): View<P> {
  return afterView(view, (response) => frameHeader(response, 'DENY'));
}

/** A new view whose responses say X-Frame-Options: SAMEORIGIN (unless the view set the header). */
export function xframeOptionsSameorigin<P extends unknown[]>(view: View<P>): View<P> {
  return afterView(view, (response) => frameHeader(response, 'SAMEORIGIN'));
}
