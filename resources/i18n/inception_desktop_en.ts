<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>datafolder_dialog</name>
    <message numerus="yes">
        <source>%n ONNX export(s)</source>
        <translation>
            <numerusform>%n ONNX export</numerusform>
            <numerusform>%n ONNX exports</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n fine-tuning feature cache(s)</source>
        <translation>
            <numerusform>%n fine-tuning feature cache</numerusform>
            <numerusform>%n fine-tuning feature caches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n evaluation cache(s)</source>
        <translation>
            <numerusform>%n evaluation cache</numerusform>
            <numerusform>%n evaluation caches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n channel index(es)</source>
        <translation>
            <numerusform>%n channel index</numerusform>
            <numerusform>%n channel indexes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n fine-tuning run(s)</source>
        <translation>
            <numerusform>%n fine-tuning run</numerusform>
            <numerusform>%n fine-tuning runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n crash report(s)</source>
        <translation>
            <numerusform>%n crash report</numerusform>
            <numerusform>%n crash reports</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n speed measurement(s)</source>
        <translation>
            <numerusform>%n speed measurement</numerusform>
            <numerusform>%n speed measurements</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n compiled model(s)</source>
        <translation>
            <numerusform>%n compiled model</numerusform>
            <numerusform>%n compiled models</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %n item(s), {size} freed.</source>
        <translation>
            <numerusform>Removed %n item, {size} freed.</numerusform>
            <numerusform>Removed %n items, {size} freed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>int8_dialog</name>
    <message numerus="yes">
        <source>&lt;b&gt;{percent}&lt;/b&gt; of %n held-out photo(s) keep their top label in int8 (top-5 overlap {overlap}, largest probability difference {difference}).</source>
        <translation>
            <numerusform>&lt;b&gt;{percent}&lt;/b&gt; of %n held-out photo keeps its top label in int8 (top-5 overlap {overlap}, largest probability difference {difference}).</numerusform>
            <numerusform>&lt;b&gt;{percent}&lt;/b&gt; of %n held-out photos keep their top label in int8 (top-5 overlap {overlap}, largest probability difference {difference}).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>manager_dialog</name>
    <message numerus="yes">
        <source>%n class(es)</source>
        <translation>
            <numerusform>%n class</numerusform>
            <numerusform>%n classes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Verified: %n corrupt file(s); remove them and download or import them again.</source>
        <translation>
            <numerusform>Verified: %n corrupt file; remove it and download or import it again.</numerusform>
            <numerusform>Verified: %n corrupt files; remove them and download or import them again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s), {size} in all</source>
        <translation>
            <numerusform>%n run, {size} in all</numerusform>
            <numerusform>%n runs, {size} in all</numerusform>
        </translation>
    </message>
</context>
</TS>
