// hyperdjango/test: the test Client (no socket) and a live server helper.
export { Client, TestResponse, encodeMultipart, type RequestOptions, type FileUpload, type FormValue } from './client';
export { startLiveServer, type LiveServer } from './live-server';
