/**
 * Pub/sub topics (docs/TOPICS.md): grains and outside code publish typed messages to named topics;
 * subscribers are one-way methods of grains or callbacks registered on a member. A topic is a
 * runtime grain ({@code grain.topic}, keyed by the topic's name) that keeps the subscriber list
 * and sends each published batch once to an inbox ({@code grain.topic-inbox}) on every member that
 * has subscribers, which delivers it to them there.
 *
 * <p>Depends on the runtime's API, its member, envelope, dispatch, placement, wire and storage
 * packages; none of them depends on this one (the runtime reaches it through
 * {@code MemberRuntime.service}).
 */
package io.grain.runtime.topic;
