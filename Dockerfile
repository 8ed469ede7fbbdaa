# The job image for Kubernetes (k8s/): the official Flink image plus the job jar and connwatch's conf.
# Build after `mvn -B -DskipTests package`:  docker build -t connwatch:0.1.0 .
FROM flink:2.2.1-java17
COPY flink-job/target/connwatch.jar /opt/flink/usrlib/connwatch.jar
COPY conf/connwatch.yaml /opt/flink/usrlib/conf/connwatch.yaml
