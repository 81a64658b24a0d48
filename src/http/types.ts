// The middleware contract, as in Django: a factory takes the next handler and
// returns a handler; MIDDLEWARE lists factories outermost first.
import type { Request } from './request';
import type { BaseResponse } from './response';

export type Handler = (request: Request) => Promise<BaseResponse> | BaseResponse;
export type Middleware = (getResponse: Handler) => Handler;
