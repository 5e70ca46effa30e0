package io.dockyard.api.ecs.taskdef;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dockyard.protocol.Json;
import io.dockyard.core.AwsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** RegisterTaskDefinition validation: accepted documents pass, each broken rule gets its ECS error. */
class TaskDefinitionRulesTest {

    static Map<String, Object> doc(String json) {
        try {
            return TaskDefinitionDocument.of(Json.MAPPER.readValue(json.replace('\'', '"'), new TypeReference<Map<String, Object>>() {}));
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static final String APP = "{'name':'app','image':'busybox','memory':64}";

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments("{'containerDefinitions':[" + APP + "]}", "Family cannot be blank."),
                arguments("{'family':'bad name','containerDefinitions':[" + APP + "]}", "Family contains invalid characters"),
                arguments("{'family':'" + "f".repeat(256) + "','containerDefinitions':[" + APP + "]}", "Family contains invalid characters"),
                arguments("{'family':'f','containerDefinitions':[]}", "Container list cannot be empty."),
                arguments("{'family':'f','containerDefinitions':[" + (APP + ",").repeat(10).replace("'app'", "'x'") + APP + "]}", "at most 10 containers"),
                arguments("{'family':'f','containerDefinitions':[{'image':'busybox','memory':64}]}", "Container.name should not be null or empty."),
                arguments("{'family':'f','containerDefinitions':[{'name':'a b','image':'busybox','memory':64}]}", "Container.name contains invalid characters"),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','memory':64}]}", "Container.image should not be null or empty."),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'  ','memory':64}]}", "Container.image should not be null or empty."),
                arguments("{'family':'f','containerDefinitions':[" + APP + "," + APP + "]}", "Duplicate container name: 'app'"),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'essential':false}]}", "A task definition must have at least one essential container."),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox'}]}", "At least one of 'memory' or 'memoryReservation' must be specified."),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':4}]}", "Minimum allowed memory is 6 MiB."),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memoryReservation':3}]}", "Minimum allowed memory is 6 MiB."),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'memoryReservation':128}]}", "'memoryReservation' must be less than or equal to 'memory'."),
                arguments("{'family':'f','memory':'128','containerDefinitions':[{'name':'app','image':'busybox','memory':256}]}", "must be less than or equal to the task memory"),
                arguments("{'family':'f','memory':'128','containerDefinitions':[{'name':'a','image':'busybox','memoryReservation':100},{'name':'b','image':'busybox','memoryReservation':100}]}", "memory reserved by the containers (200 MiB)"),
                arguments("{'family':'f','cpu':'256','containerDefinitions':[{'name':'a','image':'busybox','memory':64,'cpu':200},{'name':'b','image':'busybox','memory':64,'cpu':100}]}", "sum of the containers' cpu (300)"),
                arguments("{'family':'f','cpu':'64','containerDefinitions':[" + APP + "]}", "Invalid 'cpu' setting for task."),
                arguments("{'family':'f','cpu':'lots','containerDefinitions':[" + APP + "]}", "Invalid 'cpu' setting for task."),
                arguments("{'family':'f','memory':'2 TB','containerDefinitions':[" + APP + "]}", "Invalid 'memory' setting for task."),
                arguments("{'family':'f','networkMode':'overlay','containerDefinitions':[" + APP + "]}", "Invalid 'networkMode' value 'overlay'"),
                arguments("{'family':'f','pidMode':'container','containerDefinitions':[" + APP + "]}", "Invalid 'pidMode' value"),
                arguments("{'family':'f','ipcMode':'shareable','containerDefinitions':[" + APP + "]}", "Invalid 'ipcMode' value"),
                arguments("{'family':'f','requiresCompatibilities':['LAMBDA'],'containerDefinitions':[" + APP + "]}", "Invalid 'requiresCompatibilities' value 'LAMBDA'"),
                arguments("{'family':'f','networkMode':'awsvpc','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'portMappings':[{'containerPort':80,'hostPort':8080}]}]}",
                        "When networkMode=awsvpc, the host ports and container ports in port mappings must match."),
                arguments("{'family':'f','networkMode':'host','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'portMappings':[{'containerPort':80,'hostPort':8080}]}]}",
                        "When networkMode=host, the host ports and container ports in port mappings must match."),
                arguments("{'family':'f','networkMode':'none','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'portMappings':[{'containerPort':80}]}]}", "Port mappings are not supported when networkMode=none."),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'portMappings':[{'containerPort':70000}]}]}", "'containerPort' must be between 0 and 65535"),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'portMappings':[{'containerPort':80,'protocol':'sctp'}]}]}", "Invalid 'protocol' value 'sctp'"),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'portMappings':[{'containerPort':80,'appProtocol':'http'}]}]}", "must have a 'name'"),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'portMappings':[{'containerPortRange':'9000-8000'}]}]}", "Invalid containerPortRange"),
                arguments("{'family':'f','containerDefinitions':[{'name':'a','image':'busybox','memory':64,'portMappings':[{'containerPort':80,'name':'web'}]},{'name':'b','image':'busybox','memory':64,'portMappings':[{'containerPort':81,'name':'web'}]}]}",
                        "Duplicate port mapping name 'web'"),
                arguments("{'family':'f','networkMode':'awsvpc','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'links':['db']},{'name':'db','image':'busybox','memory':64}]}",
                        "Links are not supported when networkMode=awsvpc."),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'links':['cache:c']}]}", "Invalid link 'cache:c'"),
                arguments("{'family':'f','networkMode':'awsvpc','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'hostname':'h'}]}", "Hostname is not supported when networkMode=awsvpc."),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'dependsOn':[{'containerName':'db','condition':'START'}]}]}", "dependsOn names container 'db'"),
                arguments("{'family':'f','containerDefinitions':[" + APP + ",{'name':'b','image':'busybox','memory':64,'dependsOn':[{'containerName':'app','condition':'READY'}]}]}", "Invalid dependsOn condition 'READY'"),
                arguments("{'family':'f','containerDefinitions':[" + APP + ",{'name':'b','image':'busybox','memory':64,'dependsOn':[{'containerName':'app','condition':'HEALTHY'}]}]}", "requires a healthCheck on container 'app'"),
                arguments("{'family':'f','containerDefinitions':[" + APP + ",{'name':'b','image':'busybox','memory':64,'dependsOn':[{'containerName':'app','condition':'SUCCESS'}]}]}", "can't be set on the essential container 'app'"),
                arguments("{'family':'f','containerDefinitions':[{'name':'a','image':'busybox','memory':64,'dependsOn':[{'containerName':'b','condition':'START'}]},{'name':'b','image':'busybox','memory':64,'dependsOn':[{'containerName':'a','condition':'START'}]}]}",
                        "Circular container dependency"),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'mountPoints':[{'sourceVolume':'data','containerPath':'/data'}]}]}", "Unknown volume 'data'"),
                arguments("{'family':'f','volumes':[{'name':'data'},{'name':'data'}],'containerDefinitions':[" + APP + "]}", "Duplicate volume name: 'data'"),
                arguments("{'family':'f','volumes':[{'name':'d','dockerVolumeConfiguration':{'scope':'task','autoprovision':true}}],'containerDefinitions':[" + APP + "]}", "autoprovision is only supported when scope is shared."),
                arguments("{'family':'f','volumes':[{'name':'d','efsVolumeConfiguration':{'fileSystemId':'fs-1','authorizationConfig':{'iam':'ENABLED'}}}],'containerDefinitions':[" + APP + "]}", "Transit encryption must be ENABLED"),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'volumesFrom':[{'sourceContainer':'other'}]}]}", "Invalid volumesFrom"),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'healthCheck':{'command':['CMD','true'],'interval':1}}]}", "'interval' must be between 5 and 300"),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'healthCheck':{'command':[]}}]}", "healthCheck requires a 'command'."),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'logConfiguration':{'logDriver':'loki'}}]}", "Invalid 'logDriver' value 'loki'"),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'secrets':[{'name':'A','valueFrom':'arn:aws:ssm:us-east-1:1:parameter/a'}]}]}", "you must also specify a value for 'executionRoleArn'"),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'ulimits':[{'name':'nofile','softLimit':10,'hardLimit':5}]}]}", "softLimit must be less than or equal to hardLimit"),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'logConfiguration':{'logDriver':'awsfirelens'}}]}", "requires a container with a firelensConfiguration"),
                arguments("{'family':'f','placementConstraints':[{'type':'distinctInstance'}],'containerDefinitions':[" + APP + "]}", "Invalid 'type' value 'distinctInstance'"),
                arguments("{'family':'f','ephemeralStorage':{'sizeInGiB':10},'containerDefinitions':[" + APP + "]}", "'sizeInGiB' must be between 21 and 200"),
                arguments("{'family':'f','networkMode':'awsvpc','requiresCompatibilities':['EXTERNAL'],'containerDefinitions':[" + APP + "]}", "not supported for the EXTERNAL launch type"),
                arguments("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':'64'}]}", "Expected an integer for memory"));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void breakingARuleIsAClientException(String json, String message) {
        assertThatThrownBy(() -> TaskDefinitionRules.validate(doc(json)))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("ClientException");
                    assertThat(e.status()).isEqualTo(400);
                })
                .hasMessageContaining(message);
    }

    static final String FARGATE_APP = "{'name':'app','image':'busybox'}";

    static Stream<Arguments> fargateRejected() {
        return Stream.of(
                arguments("'networkMode':'bridge','cpu':'256','memory':'512'", FARGATE_APP, "Fargate only supports network mode 'awsvpc'."),
                arguments("'networkMode':'awsvpc','memory':'512'", FARGATE_APP, "Fargate requires that 'cpu' be defined at the task level."),
                arguments("'networkMode':'awsvpc','cpu':'256'", FARGATE_APP, "Fargate requires that 'memory' be defined at the task level."),
                arguments("'networkMode':'awsvpc','cpu':'256','memory':'4096'", FARGATE_APP, "No Fargate configuration exists for given values: 256 CPU, 4096 memory."),
                arguments("'networkMode':'awsvpc','cpu':'1 vCPU','memory':'1 GB'", FARGATE_APP, "No Fargate configuration exists for given values: 1024 CPU, 1024 memory."),
                arguments("'networkMode':'awsvpc','cpu':'8192','memory':'18432'", FARGATE_APP, "No Fargate configuration exists"),
                arguments("'networkMode':'awsvpc','cpu':'300','memory':'1024'", FARGATE_APP, "No Fargate configuration exists"),
                arguments("'networkMode':'awsvpc','cpu':'256','memory':'512','ipcMode':'task'", FARGATE_APP, "'ipcMode' is not supported on Fargate."),
                arguments("'networkMode':'awsvpc','cpu':'256','memory':'512','pidMode':'host'", FARGATE_APP, "pidMode 'host' is not supported on Fargate."),
                arguments("'networkMode':'awsvpc','cpu':'256','memory':'512','volumes':[{'name':'h','host':{'sourcePath':'/tmp'}}]", FARGATE_APP, "'sourcePath' are not supported on Fargate"),
                arguments("'networkMode':'awsvpc','cpu':'256','memory':'512','volumes':[{'name':'d','dockerVolumeConfiguration':{'scope':'task'}}]", FARGATE_APP, "Docker volumes"),
                arguments("'networkMode':'awsvpc','cpu':'256','memory':'512'", "{'name':'app','image':'busybox','privileged':true}", "'privileged' is not supported on Fargate."),
                arguments("'networkMode':'awsvpc','cpu':'256','memory':'512'", "{'name':'app','image':'busybox','dockerSecurityOptions':['no-new-privileges']}", "'dockerSecurityOptions' are not supported on Fargate."),
                arguments("'networkMode':'awsvpc','cpu':'256','memory':'512'", "{'name':'app','image':'busybox','linuxParameters':{'devices':[{'hostPath':'/dev/fuse'}]}}", "'linuxParameters.devices'"),
                arguments("'networkMode':'awsvpc','cpu':'256','memory':'512'", "{'name':'app','image':'busybox','linuxParameters':{'sharedMemorySize':64}}", "'linuxParameters.sharedMemorySize'"),
                arguments("'networkMode':'awsvpc','cpu':'256','memory':'512'", "{'name':'app','image':'busybox','linuxParameters':{'tmpfs':[{'containerPath':'/t','size':8}]}}", "'linuxParameters.tmpfs'"),
                arguments("'networkMode':'awsvpc','cpu':'256','memory':'512'", "{'name':'app','image':'busybox','linuxParameters':{'capabilities':{'add':['NET_ADMIN']}}}", "SYS_PTRACE"),
                arguments("'networkMode':'awsvpc','cpu':'256','memory':'512'", "{'name':'app','image':'busybox','stopTimeout':300}", "at most 120 seconds on Fargate"),
                arguments("'networkMode':'awsvpc','cpu':'256','memory':'512'", "{'name':'app','image':'busybox','logConfiguration':{'logDriver':'json-file'}}", "Log driver 'json-file' is not supported on Fargate."),
                arguments("'networkMode':'awsvpc','cpu':'256','memory':'512'", "{'name':'app','image':'busybox','logConfiguration':{'logDriver':'awslogs'}}",
                        "Fargate requires task definition to have execution role ARN to support log driver awslogs."));
    }

    @ParameterizedTest
    @MethodSource("fargateRejected")
    void fargateRulesApplyWhenFargateIsRequired(String task, String container, String message) {
        String json = "{'family':'f','requiresCompatibilities':['FARGATE']," + task + ",'containerDefinitions':[" + container + "]}";
        assertThatThrownBy(() -> TaskDefinitionRules.validate(doc(json))).isInstanceOf(AwsException.class).hasMessageContaining(message);
        String withoutFargate = json.replace("'requiresCompatibilities':['FARGATE'],", "");
        Map<String, Object> d = doc(withoutFargate);
        if (!message.startsWith("Fargate requires that") && !message.startsWith("Fargate only") && !message.startsWith("No Fargate")) {
            assertThatCode(() -> TaskDefinitionRules.validate(d)).doesNotThrowAnyException();
        }
        assertThat(Compatibilities.of(d)).doesNotContain("FARGATE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"256:512", "256:1024", "256:2048", "512:1024", "512:4096", "1024:2048", "1024:8192", "2048:4096",
            "2048:16384", "4096:8192", "4096:30720", "8192:16384", "8192:61440", "16384:32768", "16384:122880"})
    void everyFargateSizeIsAccepted(String size) {
        String[] cm = size.split(":");
        String json = "{'family':'f','requiresCompatibilities':['FARGATE'],'networkMode':'awsvpc','cpu':'" + cm[0] + "','memory':'" + cm[1]
                + "','containerDefinitions':[" + FARGATE_APP + "]}";
        assertThatCode(() -> TaskDefinitionRules.validate(doc(json))).doesNotThrowAnyException();
        assertThat(Compatibilities.of(doc(json))).containsExactly("EC2", "FARGATE", "MANAGED_INSTANCES");
    }

    @ParameterizedTest
    @ValueSource(strings = {"256:256", "256:3072", "512:512", "512:1536", "1024:9216", "2048:3072", "4096:31744", "8192:65536", "16384:36864", "128:512"})
    void invalidFargateSizesAreRejected(String size) {
        String[] cm = size.split(":");
        assertThat(FargateRules.validSize(Integer.parseInt(cm[0]), Integer.parseInt(cm[1]))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'family':'web_1-a','containerDefinitions':[{'name':'app','image':'busybox','memory':64}]}",
            "{'family':'f','memory':'512','containerDefinitions':[{'name':'app','image':'busybox'}]}",
            "{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memoryReservation':64,'essential':true},{'name':'side','image':'busybox','memory':32,'essential':false}]}",
            "{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'links':['db:database'],'dependsOn':[{'containerName':'db','condition':'HEALTHY'},{'containerName':'init','condition':'SUCCESS'}]},"
                    + "{'name':'db','image':'busybox','memory':64,'healthCheck':{'command':['CMD-SHELL','true']}},{'name':'init','image':'busybox','memory':16,'essential':false}]}",
            "{'family':'f','networkMode':'host','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'portMappings':[{'containerPort':80},{'containerPort':81,'hostPort':81}]}]}",
            "{'family':'f','volumes':[{'name':'data','host':{'sourcePath':'/tmp'}},{'name':'scratch'}],'containerDefinitions':[{'name':'app','image':'busybox','memory':64,'mountPoints':[{'sourceVolume':'data','containerPath':'/data','readOnly':true}]}]}",
            "{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':64,'portMappings':[{'containerPortRange':'8000-8010'}]}]}",
            "{'family':'f','networkMode':'awsvpc','requiresCompatibilities':['FARGATE'],'cpu':'.25 vCPU','memory':'0.5GB','executionRoleArn':'arn:aws:iam::1:role/x',"
                    + "'containerDefinitions':[{'name':'app','image':'busybox','logConfiguration':{'logDriver':'awslogs','options':{'awslogs-group':'g'}},'linuxParameters':{'capabilities':{'add':['SYS_PTRACE']}}}]}"})
    void validDocumentsPass(String json) {
        assertThatCode(() -> TaskDefinitionRules.validate(doc(json))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 vCPU:1024", "1vcpu:1024", ".25 vCPU:256", "0.5 VCPU:512", "2048:2048", " 512 :512"})
    void cpuFormsAreNormalisedToUnits(String pair) {
        String[] p = pair.split(":");
        assertThat(doc("{'family':'f','cpu':'" + p[0] + "'}").get("cpu")).isEqualTo(p[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2 GB:2048", "2GB:2048", "0.5 gb:512", "1024:1024", "30 GB:30720"})
    void memoryFormsAreNormalisedToMiB(String pair) {
        String[] p = pair.split(":");
        assertThat(doc("{'family':'f','memory':'" + p[0] + "'}").get("memory")).isEqualTo(p[1]);
    }
}
