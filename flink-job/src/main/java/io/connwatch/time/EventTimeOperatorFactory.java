package io.connwatch.time;

import io.connwatch.model.Connection;

import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.operators.coordination.OperatorCoordinator;
import org.apache.flink.runtime.operators.coordination.OperatorEventDispatcher;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.CoordinatedOperatorFactory;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;

/** Creates {@link EventTimeOperator} subtasks and their {@link JobClockCoordinator}. */
final class EventTimeOperatorFactory extends AbstractStreamOperatorFactory<Connection>
        implements OneInputStreamOperatorFactory<Connection, Connection>, CoordinatedOperatorFactory<Connection> {
    private static final long serialVersionUID = 1L;
    private final long disorderMs;
    private final long idleTimeoutMs;
    private final boolean live;
    private final boolean startsWithBacklog;

    EventTimeOperatorFactory(long disorderMs, long idleTimeoutMs, boolean live, boolean startsWithBacklog) {
        this.disorderMs = disorderMs;
        this.idleTimeoutMs = idleTimeoutMs;
        this.live = live;
        this.startsWithBacklog = startsWithBacklog;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends StreamOperator<Connection>> T createStreamOperator(StreamOperatorParameters<Connection> parameters) {
        OperatorID id = parameters.getStreamConfig().getOperatorID();
        OperatorEventDispatcher events = parameters.getOperatorEventDispatcher();
        EventTimeOperator op = new EventTimeOperator(parameters, events.getOperatorEventGateway(id), idleTimeoutMs, startsWithBacklog);
        events.registerEventHandler(id, op);
        return (T) op;
    }

    @Override
    public OperatorCoordinator.Provider getCoordinatorProvider(String operatorName, OperatorID operatorId) {
        return new JobClockCoordinator.Provider(operatorId, disorderMs, idleTimeoutMs, live);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends StreamOperator> getStreamOperatorClass(ClassLoader classLoader) {
        return EventTimeOperator.class;
    }
}
