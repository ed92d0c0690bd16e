package io.grain.gateway.netty;

import io.grain.gateway.http.HttpAnswer;
import io.grain.gateway.http.HttpEndpoint;
import io.grain.gateway.http.HttpQuery;
import io.grain.gateway.http.StaticContent;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.CharsetUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain HTTP on the WebSocket port, before the WebSocket filter: a request for the WebSocket path
 * goes on to the upgrade; one for a registered {@link HttpEndpoint} path is answered by it; a GET
 * or HEAD of anything else is answered from the {@link StaticContent} (404 when there is no such
 * file); other methods get 405. Each answer closes the connection (a page is a few files; no
 * keep-alive to hold a gateway connection slot). Shared by all connections; runs on their event
 * loops and keeps no state of its own.
 */
@ChannelHandler.Sharable
final class HttpContentHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpContentHandler.class);

    private final String webSocketPath;
    private final StaticContent content;
    private final Map<String, HttpEndpoint> endpoints;

    /**
     * @param content   the files, or null for none.
     * @param endpoints endpoints by exact path.
     */
    HttpContentHandler(final String webSocketPath, final StaticContent content, final Map<String, HttpEndpoint> endpoints) {
        super(false);
        this.webSocketPath = webSocketPath;
        this.content = content;
        this.endpoints = Map.copyOf(endpoints);
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request) {
        final QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        final String path = uri.path();
        if (path.equals(webSocketPath)) {
            ctx.fireChannelRead(request);
            return;
        }
        try {
            final HttpEndpoint endpoint = endpoints.get(path);
            if (endpoint != null) {
                respond(ctx, request, answer(endpoint, request, uri));
            } else if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
                respond(ctx, request, HttpAnswer.text(405, "only GET and HEAD here\n"));
            } else {
                final HttpAnswer file = content == null ? null : content.file(path);
                respond(ctx, request, file != null ? file : HttpAnswer.text(404, "no such page: " + path + "\n"));
            }
        } finally {
            request.release();
        }
    }

    private static HttpAnswer answer(final HttpEndpoint endpoint, final FullHttpRequest request, final QueryStringDecoder uri) {
        final Map<String, List<String>> parameters = new HashMap<>(uri.parameters());
        final CharSequence type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type != null && type.toString().startsWith(HttpHeaderValues.APPLICATION_X_WWW_FORM_URLENCODED.toString())) {
            final QueryStringDecoder form = new QueryStringDecoder(request.content().toString(CharsetUtil.UTF_8), false);
            form.parameters().forEach((name, values) -> parameters.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        }
        try {
            final HttpAnswer answer = endpoint.answer(new HttpQuery(request.method().name(), uri.path(), parameters));
            return answer != null ? answer : HttpAnswer.text(500, "the endpoint gave no answer\n");
        } catch (final RuntimeException e) {
            LOG.warn("HTTP endpoint {} failed", uri.path(), e);
            return HttpAnswer.text(500, "the endpoint failed\n");
        }
    }

    private static void respond(final ChannelHandlerContext ctx, final FullHttpRequest request, final HttpAnswer answer) {
        final boolean head = request.method() == HttpMethod.HEAD;
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(answer.status()),
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body()));
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
            .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpUtil.setContentLength(response, answer.body().length);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
