// The messages middleware ('hyperdjango.messages.middleware'): request.messages is
// the storage MESSAGE_STORAGE names, made on first read; at the response it stores
// what must survive. A request that never adds or reads a message costs one
// assignment and one check: no cookie is read, no session touched.
import { PENDING, type Request } from '../../http/request';
import { BaseResponse } from '../../http/response';
import type { Middleware } from '../../http/types';
import type { BaseStorage } from './storage/base';
import { storageClass } from './storage';

export const messagesMiddleware: Middleware = (getResponse) => {
  const Storage = storageClass();
  const make = (request: Request) => new Storage(request);
  const finish = (request: Request, response: BaseResponse): BaseResponse => {
    const made = request.peek('messages');
    if (made === PENDING || made === undefined) return response;
    (made as BaseStorage).update(response);
    return response;
  };
  return (request) => {
    request.setLazy('messages', make);
    const result = getResponse(request);
    return result instanceof BaseResponse ? finish(request, result) : Promise.resolve(result).then((response) => finish(request, response));
  };
};
