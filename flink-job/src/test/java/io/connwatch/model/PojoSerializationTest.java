package io.connwatch.model;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

import io.connwatch.report.ClockState;
import io.connwatch.report.HourPeer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every record type that crosses the network or lives in state is a Flink POJO (no Kryo). */
class PojoSerializationTest {
    @ParameterizedTest
    @ValueSource(classes = {
        Connection.class, Report.class, RejectedLine.class, LateLine.class, HostCount.class, TopCandidates.class,
        PeerEvent.class, HourSeen.class, QueryHit.class, HourPeer.class, ClockState.class
    })
    void isPojo(Class<?> type) {
        assertSerializedAsPojoWithoutKryo(type);
    }
}
